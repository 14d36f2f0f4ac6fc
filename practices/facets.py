"""Faceted lists: filters whose every choice shows how many results it would give.

Used by the practice list here and by the archive of projects. The terms of
all vocabulary facets are read in one query, and each facet's counts in one
more, so a list costs the same number of queries whatever is chosen.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import django_filters
from django import forms
from django.db import models
from django.db.models import QuerySet, Value
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView
from drf_spectacular.utils import extend_schema_field
from modeltranslation.utils import get_language, resolution_order

from .translation import CatalogueTranslationOptions


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: list[FacetOption]
    errors: list[str]

    @property
    def selected_count(self) -> int:
        return sum(option.selected for option in self.options)


@dataclass(frozen=True)
class Term:
    """A vocabulary term as a facet shows it: its id, its slug and its name for the visitor."""

    pk: int
    slug: str
    name: str


def load_terms(vocabularies: dict[str, type[models.Model]]) -> dict[str, list[Term]]:
    """The terms of several vocabularies in one query, named in the visitor's language.

    Each model needs `slug` and a translated `name`; a `position` orders the
    terms where the model has one.
    """
    names = [f"name_{code}" for code in ("fi", "sv", "en")]
    querysets = []
    for facet, model in vocabularies.items():
        has_position = any(field.name == "position" for field in model._meta.fields)
        querysets.append(
            model.objects.order_by()
            .annotate(
                facet=Value(facet, output_field=models.CharField()),
                order=models.F("position") if has_position else Value(0),
            )
            .values_list("facet", "pk", "slug", "order", *names)
        )
    rows = querysets[0].union(*querysets[1:], all=True) if len(querysets) > 1 else querysets[0]
    order = resolution_order(get_language(), CatalogueTranslationOptions.fallback_languages)
    collected: dict[str, list[tuple]] = {facet: [] for facet in vocabularies}
    for facet, pk, slug, position, *translations in rows:
        by_lang = dict(zip(("fi", "sv", "en"), translations, strict=True))
        name = next((by_lang[code] for code in order if by_lang.get(code)), slug)
        collected[facet].append((position, name.casefold(), Term(pk=pk, slug=slug, name=name)))
    return {facet: [term for *_, term in sorted(rows)] for facet, rows in collected.items()}


YEAR_RANGE = (1900, 2100)


class YearsField(forms.MultipleChoiceField):
    """Years typed as numbers; any plausible year is accepted without a database look-up."""

    default_error_messages = {"invalid_choice": _("%(value)s is not a year.")}

    def valid_value(self, value) -> bool:
        # Four ASCII digits: "²" passes isdigit() and 5,000 digits pass it too, but
        # int() refuses both.
        return (
            isinstance(value, str)
            and re.fullmatch(r"[0-9]{4}", value) is not None
            and YEAR_RANGE[0] <= int(value) <= YEAR_RANGE[1]
        )


# For the API schema: a year as a number, the same range the field accepts.
@extend_schema_field({"type": "integer", "minimum": YEAR_RANGE[0], "maximum": YEAR_RANGE[1]})
class YearsFilter(django_filters.MultipleChoiceFilter):
    field_class = YearsField


class TermsFilter(django_filters.MultipleChoiceFilter):
    """Choose terms of a vocabulary by slug; the choices are set by the filterset."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault(
            "error_messages", {"invalid_choice": _("%(value)s is not one of the choices.")}
        )
        super().__init__(*args, choices=[], **kwargs)


class FacetedFilterSet(django_filters.FilterSet):
    """A filterset that is always bound and can count each facet's options.

    Subclasses name their vocabulary facets in `vocabularies` (facet name →
    model), list every facet in `facet_names`, and give counters in
    `facet_counters()`.
    """

    vocabularies: dict[str, type[models.Model]] = {}
    facet_names: tuple[str, ...] = ()

    def __init__(self, data=None, *args, rank_order: bool = False, **kwargs):
        # Always bound, so that an empty query is validated like any other.
        super().__init__(data if data is not None else QueryDict(), *args, **kwargs)
        # Search results keep their order by relevance unless the visitor sorts.
        self.rank_order = rank_order
        self.terms = load_terms(self.vocabularies) if self.vocabularies else {}
        for facet, terms in self.terms.items():
            facet_filter = self.filters[facet]
            facet_filter.extra["choices"] = [(term.slug, term.name) for term in terms]
            # A form field made earlier from the class's filters (the API schema generator
            # makes one) would be copied with no choices: let it be made again from these.
            vars(facet_filter).pop("_field", None)

    def selected(self, facet: str) -> set[str]:
        return set(self.data.getlist(facet))

    @property
    def has_selection(self) -> bool:
        return any(self.selected(facet) for facet in self.facet_names)

    def queryset_without(self, facet: str) -> QuerySet | None:
        """The ids the other facets give: what this facet's counts are counted from.

        None when that is every row of the table (an unfiltered base, no other
        facet chosen): the counters then count the table itself, without an
        `IN (…)` over all its ids.
        """
        self.form.is_valid()
        others = {
            name: value
            for name, value in self.form.cleaned_data.items()
            if name != facet and name in self.facet_names and value not in (None, "", [])
        }
        if not others and not self.queryset.query.where:
            return None
        queryset = self.queryset.all()
        for name, value in others.items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset.order_by().values("pk")

    @staticmethod
    def within(queryset: QuerySet, field: str, ids: QuerySet | None) -> QuerySet:
        """`queryset` restricted to rows whose `field` is among `ids` (all when None)."""
        return queryset if ids is None else queryset.filter(**{f"{field}__in": ids})

    def facet_counters(self) -> dict[str, Callable[[QuerySet], Iterable[tuple[str, str, int]]]]:
        """For each facet, a function from the matching ids to (value, label, count) rows."""
        raise NotImplementedError

    def term_counts(self, facet: str, counts: dict[int, int]) -> list[tuple[str, str, int]]:
        """Rows for a vocabulary facet, from a mapping of term id to count."""
        return [(term.slug, term.name, counts.get(term.pk, 0)) for term in self.terms[facet]]

    def facets(self) -> list[Facet]:
        """Every facet with the number of results each of its options would give."""
        counters = self.facet_counters()
        facets = []
        for name in self.facet_names:
            selected = self.selected(name)
            options = [
                FacetOption(value=value, label=label, count=count, selected=value in selected)
                for value, label, count in counters[name](self.queryset_without(name))
                if count or value in selected
            ]
            errors = [str(error) for error in self.form.errors.get(name, [])]
            facets.append(Facet(name, self.filters[name].label, options, errors))
        return facets


class FacetedListView(FilterView):
    """A paginated list with its facets and their counts (a FacetedFilterSet)."""

    # Unknown filter values are reported beside their facet; the valid ones still apply.
    strict = False
    paginate_by = 25

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["facets"] = self.filterset.facets()
        context["filtered"] = self.filterset.has_selection
        return context
