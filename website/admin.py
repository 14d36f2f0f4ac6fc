"""What every admin class of the project shares (the admin site itself: admin_site.py)."""

import datetime

from django import forms
from django.contrib.admin import FieldListFilter, SimpleListFilter, TabularInline, widgets
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.template_utils import HistoricalRecordContextHelper

from .audit import audit
from .text import PlainTextModelForm, as_id
from .widgets import AutocompleteSelectMultiple, NamedSplitDateTime

# What a date hierarchy's year, month and day may be (the catalogue's dates, and a year
# from which a month or a day later is still a date).
DATE_PARTS = {"year": (1900, 2100), "month": (1, 12), "day": (1, 31)}


class DeclaredLookupsOnlyMixin:
    """The changelist filters by what it declares, and by nothing else.

    Django's admin accepts a look-up on any field of the model in the query
    string (`?contact_email__startswith=mai`), even a field the user is never
    shown: counting the rows of a true and a false guess rebuilds the hidden
    value letter by letter. Here only the parameters of the declared
    `list_filter`s and `date_hierarchy` pass; anything else is refused with 400
    (Django's `DisallowedModelAdminLookup`), the same answer for a true and a
    false guess, and written to the audit log, since it is probing.
    """

    def lookup_allowed(self, lookup, value, request=None):
        if self._is_fkey_popup(lookup, value):
            return True
        if lookup in self.declared_lookups(request) and self._plausible(lookup, value):
            return True
        audit(
            "lookup_refused",
            user=getattr(request, "user", None),
            model=self.opts.label,
            lookup=lookup[:100],
        )
        return False

    def _plausible(self, lookup: str, value) -> bool:
        """A date hierarchy's year, month or day is a number it can turn into a date; Django
        would raise OverflowError (a server error) on a year 10000 or a 20-digit month."""
        part = lookup.rpartition("__")[2]
        if part not in DATE_PARTS or lookup != f"{self.date_hierarchy}__{part}":
            return True
        low, high = DATE_PARTS[part]
        number = as_id(value)
        return number is not None and low <= number <= high

    def declared_lookups(self, request) -> set[str]:
        """The query-string parameters of the declared filters, as Django's filters name them."""
        params: set[str] = set()
        if self.date_hierarchy:
            params |= {f"{self.date_hierarchy}__{part}" for part in ("year", "month", "day")}
        for item in self.get_list_filter(request):
            if isinstance(item, type) and issubclass(item, SimpleListFilter):
                params.add(item.parameter_name)
                continue
            field_path, filter_class = item if isinstance(item, list | tuple) else (item, None)
            field = get_fields_from_path(self.model, field_path)[-1]
            spec = (filter_class or FieldListFilter.create)(
                field, request, {}, self.model, self, field_path=field_path
            )
            params.update(spec.expected_parameters())
        return params

    def _is_fkey_popup(self, lookup, value) -> bool:
        """The look-ups Django's raw-id pop-ups send for a ForeignKey's `limit_choices_to`."""
        for fk_lookup in self.model._meta.related_fkey_lookups:
            if callable(fk_lookup):
                fk_lookup = fk_lookup()
            if (lookup, value) in widgets.url_params_from_lookup_dict(fk_lookup).items():
                return True
        return False


class NotFoundOutsideReachMixin:
    """An object the user may not reach answers 404, as if it did not exist.

    Django's admin redirects to the index with a message naming the missing
    object; for objects that exist but are out of reach that would reveal them.
    The history views (django-simple-history: the list of versions and each
    version's form, which can also revert) would even show a deleted or
    unreachable object's past: they too answer 404 outside `get_queryset`.
    """

    # Private, but the only hook between the admin's permission check and its redirect:
    # a public one (get_object) would answer 404 before a refused permission's 403.
    # test_django_still_asks_the_hooks_the_project_overrides fails if Django changes it.
    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    def _ensure_reachable(self, request, object_id) -> None:
        try:
            reachable = self.get_queryset(request).filter(pk=unquote(object_id)).exists()
        except (ValueError, ValidationError):  # not an id at all ("abc")
            reachable = False
        if not reachable:
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._ensure_reachable(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version, to read. Reverting to it would write every field as it was,
        past the rules of the present (a submission's or practice's status changes only
        through its workflow): refused, whatever the button says."""
        if request.method != "GET":
            raise PermissionDenied
        self._ensure_reachable(request, object_id)
        if as_id(version_id) is None:
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadableHistory(HistoricalRecordContextHelper):
    """A version's changes as people read them: a choice by its label ("accepted", in
    the admin's language, not `accepted`), yes or no, a moment in local time, and an
    empty value as a dash rather than "None"."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if value is None or value == "" or value == []:
            return "–"
        if field.choices and not isinstance(value, list):
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, datetime.datetime):
            return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
        if isinstance(value, datetime.date):
            return date_format(value, "SHORT_DATE_FORMAT")
        return value


class NamedWidgetsMixin:
    """Every box of a form has a name a screen reader can say: a moment's date and time
    boxes each name their field, and a multiple autocomplete has no "remove all" cross
    that the keyboard cannot reach (website/widgets.py)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateTimeField):
            kwargs.setdefault("widget", NamedSplitDateTime(label=capfirst(db_field.verbose_name)))
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                AutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def name_by_row(form: forms.BaseForm, row: str) -> None:
    """Name each visible box of a row whose labels are a table's column headers, which
    name nothing to a screen reader: "Position, Language" for the list's row of the
    theme "Language"."""
    for field in form.fields.values():
        widget = getattr(field.widget, "widget", field.widget)  # inside a related-object wrapper
        if not widget.is_hidden:
            widget.attrs["aria-label"] = f"{field.label}, {row}"


class CatalogueAdminMixin(NamedWidgetsMixin, DeclaredLookupsOnlyMixin, NotFoundOutsideReachMixin):
    """The rules every admin of the project follows: only declared look-ups, objects
    out of reach answer 404, typed text loses its control characters, a history reads
    in the admin's language, and every box has a name."""

    form = PlainTextModelForm

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistory(self.model, historical_record)

    def get_changelist_form(self, request, **kwargs):
        """The boxes of `list_editable`, named by their column and their row's object."""
        base = super().get_changelist_form(request, **kwargs)

        class NamedRowForm(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                # The formset's empty form (built for its media) has no object to name.
                if self.instance.pk is not None:
                    name_by_row(self, str(self.instance))

        return NamedRowForm


class CatalogueInlineMixin(NamedWidgetsMixin):
    """Inline rows follow the same rule for typed text as their parent's form, and in a
    table each box is named by its column and its row's number."""

    form = PlainTextModelForm

    def get_formset(self, request, obj=None, **kwargs):
        base = super().get_formset(request, obj, **kwargs)
        if not isinstance(self, TabularInline):
            return base

        class NamedRowsFormSet(base):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                row = _("new row") if index is None else _("row %(number)d") % {"number": index + 1}
                name_by_row(form, row)

        return NamedRowsFormSet
