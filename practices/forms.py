"""The practice's admin form (its status is chosen here but changed by the workflow),
and the forms a visitor sends from a practice's page: a message to its owner, and a
report that it is used somewhere."""

import copy

from django import forms
from django.forms.models import construct_instance
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator

from website.i18n import LANGUAGE_CODES, collated
from website.spam import SpamDefenceForm
from website.text import PlainTextFormMixin, PlainTextModelForm

from .models import ADOPTION_FIRST_YEAR, Municipality, Practice
from .workflow import find_transition, publish_problems


class PracticeAdminForm(PlainTextModelForm):
    """The status is a choice of the form, not a field it saves (the admin excludes the
    model's): PracticeAdmin.save_model hands it to the workflow. The form says, before
    anything is saved, why a status cannot be chosen.

    A text the page needs (a title, a summary, an organisation) is needed in one of the
    languages, not in Finnish: a practice from a Swedish submission is saved and
    published in Swedish, and shown so, with a note, until it is translated."""

    status = forms.ChoiceField(label=_("status"), choices=Practice.Status.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_status = self.instance.status if self.instance.pk else Practice.Status.DRAFT
        self.fields["status"].initial = self.current_status
        self.needed_texts = [
            name
            for name in translator.get_options_for_model(Practice).fields
            if not Practice._meta.get_field(name).blank
        ]
        for name in self.needed_texts:
            for code in LANGUAGE_CODES:
                if f"{name}_{code}" in self.fields:
                    self.fields[f"{name}_{code}"].required = False

    def clean(self):
        cleaned = super().clean()
        for name in self.needed_texts:
            localized = [
                f"{name}_{code}" for code in LANGUAGE_CODES if f"{name}_{code}" in self.fields
            ]
            if localized and not any((cleaned.get(field) or "").strip() for field in localized):
                self.add_error(
                    localized[0],
                    _("Write the %(field)s in at least one language.")
                    % {"field": Practice._meta.get_field(name).verbose_name},
                )
        target = cleaned.get("status")
        if not target or target == self.current_status:
            return cleaned
        if find_transition(self.current_status, target) is None:
            self.add_error(
                "status",
                _("A practice that is “%(current)s” cannot become “%(target)s”.")
                % {
                    "current": Practice.Status(self.current_status).label,
                    "target": Practice.Status(target).label,
                },
            )
        elif target == Practice.Status.PUBLISHED:
            candidate = construct_instance(self, copy.copy(self.instance))
            if problems := publish_problems(candidate):
                self.add_error("status", " ".join(problems))
        return cleaned


class ContactForm(PlainTextFormMixin, SpamDefenceForm):
    """A visitor's message to the owner of a practice (the owner's address is never shown)."""

    sender_name = forms.CharField(label=_("Your name"), max_length=120)
    sender_email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("The owner answers to this address; you get a copy of your message."),
    )
    sender_organisation = forms.CharField(
        label=_("Your organisation"), max_length=200, required=False
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=5000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my message and contact details are passed to the practice's owner "
            "and kept as the privacy notice describes"
        ),
        error_messages={"required": _("Your consent is needed so that the message can be sent.")},
    )

    def clean(self):
        cleaned = super().clean()
        self.spam_check(cleaned)
        return cleaned


class MunicipalityChoiceIterator(forms.models.ModelChoiceIterator):
    """Municipalities grouped by region, regions and municipalities each in the
    visitor's alphabet (Swedish visitors see the Swedish names, Å Ä Ö after Z)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        by_region: dict = {}
        for town in self.queryset.select_related("region"):
            by_region.setdefault(town.region, []).append(town)
        for region in collated(by_region):
            towns = collated(by_region[region], name=lambda town: town.name)
            yield (str(region), [self.choice(town) for town in towns])


class MunicipalitySelect(forms.Select):
    """A select of every municipality, its options written in one template."""

    template_name = "practices/widgets/municipality_select.html"


class MunicipalityChoiceField(forms.ModelChoiceField):
    iterator = MunicipalityChoiceIterator
    widget = MunicipalitySelect


class AdoptionForm(PlainTextFormMixin, SpamDefenceForm):
    """A report that the practice has been taken into use somewhere."""

    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    municipality = MunicipalityChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.current(),
        empty_label=_("Choose a municipality"),
        error_messages={"invalid_choice": _("Choose a municipality from the list.")},
    )
    year = forms.IntegerField(
        label=_("Year taken into use"),
        min_value=ADOPTION_FIRST_YEAR,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    changes = forms.CharField(
        label=_("What did you change or adapt?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    experience = forms.CharField(
        label=_("How did it go?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    contact_name = forms.CharField(
        label=_("Contact person (optional)"), max_length=120, required=False
    )
    contact_email = forms.EmailField(
        label=_("E-mail address (optional)"),
        max_length=254,
        required=False,
        help_text=_(
            "Only the editors and the practice's owner see it, to ask about your experience."
        ),
    )
    consent = forms.BooleanField(
        label=_("I agree that my contact details are processed as the privacy notice describes"),
        required=False,
    )

    def clean_year(self):
        year = self.cleaned_data["year"]
        this_year = timezone.localdate().year
        if year > this_year:
            raise forms.ValidationError(
                _("The year cannot be later than this year (%(year)d)."),
                params={"year": this_year},
                code="future",
            )
        return year

    def clean(self):
        cleaned = super().clean()
        self.spam_check(cleaned)
        has_contact = cleaned.get("contact_name") or cleaned.get("contact_email")
        if has_contact and not cleaned.get("consent"):
            self.add_error(
                "consent",
                _("Your consent is needed if you give contact details; or leave them empty."),
            )
        return cleaned

    def adoption_data(self, language: str) -> dict:
        data = {
            name: self.cleaned_data[name]
            for name in ("organisation", "municipality", "year", "changes", "experience")
        }
        consent = bool(self.cleaned_data.get("consent"))
        data.update(
            contact_name=self.cleaned_data["contact_name"] if consent else "",
            contact_email=self.cleaned_data["contact_email"] if consent else "",
            consent=consent,
            language=language,
        )
        return data
