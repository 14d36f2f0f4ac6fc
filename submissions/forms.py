"""The submission form a coordinator fills in while a call is open."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.validators import RegexValidator, URLValidator
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from practices.forms import MunicipalityChoiceIterator
from practices.models import Criterion, Municipality, TargetGroup, Theme
from website.spam import SpamDefenceForm
from website.text import PlainTextFormMixin, as_id

from .models import LANGUAGE_CHOICES, Attachment
from .services import SubmissionRefused, sender_limit_check
from .uploads import MAX_ATTACHMENTS, validate_attachment, validate_attachment_name

MAX_LINKS = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked on its own by the form."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.odt"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [file for file in files if file]


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Choices by id, where an id that is no database integer is refused like any
    unknown id, before the database sees it (SQLite overflows on a huge number)."""

    def clean(self, value):
        for pk in value or []:
            if as_id(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)


class MunicipalitiesField(IdsChoiceField):
    iterator = MunicipalityChoiceIterator


def links_validator(value: str) -> None:
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    if len(lines) > MAX_LINKS:
        raise forms.ValidationError(
            _("Give at most %(max)d links, one per line."), params={"max": MAX_LINKS}
        )
    check = URLValidator(schemes=["http", "https"])
    for line in lines:
        try:
            check(line)
        except forms.ValidationError as error:
            raise forms.ValidationError(
                _(
                    "“%(line)s” is not a web address. "
                    "Write each address on its own line, starting with https://"
                ),
                params={"line": line[:100]},
            ) from error


phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()\-]{4,30}$",
    _("Write the phone number with digits, for example +358 29 123 4567."),
)


def text(label, help_text="", max_length=5000, rows=5, required=True) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class SubmissionForm(PlainTextFormMixin, SpamDefenceForm):
    expired_message = _(
        "This form is too old to be sent. Your text is kept below; "
        "if you attached files, attach them again. "
        "Then check the form and send it."
    )

    title = forms.CharField(label=_("Name of the practice"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    funder = forms.CharField(
        label=_("Funder"),
        required=False,
        max_length=200,
        help_text=_("Who funds the practice, if someone else than the organisation."),
    )
    municipalities = MunicipalitiesField(
        label=_("Municipalities where the practice is used"),
        queryset=Municipality.objects.current(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = IdsChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = IdsChoiceField(
        label=_("Target groups"),
        queryset=TargetGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = text(
        _("Summary"),
        _("The practice in a few sentences: what it is, for whom and what it achieves."),
        max_length=1500,
        rows=4,
    )
    goal = text(
        _("Goal and the need it answers"), _("What the practice aims at and which need it answers.")
    )
    how_it_works = text(
        _("How it works"), _("The practice step by step, so that others could repeat it."), 10000, 8
    )
    results = text(_("Results and how they were measured"))
    resources = text(
        _("Resources and costs"), _("People, working time, money and premises the practice needs.")
    )
    adoption = text(_("What adopting it elsewhere requires"))
    links = forms.CharField(
        label=_("Links"),
        help_text=_("Web pages, videos or materials about the practice, one address per line."),
        required=False,
        max_length=3000,
        validators=[links_validator],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Up to 3 files, PDF, DOCX or ODT, at most 10 MB each."),
    )
    remove_attachments = IdsChoiceField(
        label=_("Remove attached files"),
        queryset=Attachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=120)
    contact_email = forms.EmailField(label=_("E-mail address"), max_length=254)
    contact_phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=40,
        validators=[phone_validator],
    )
    language = forms.ChoiceField(
        label=_("Language of the submission"),
        choices=LANGUAGE_CHOICES,
        help_text=_("The language you wrote in; we answer in it."),
    )
    consent = forms.BooleanField(
        label=_("I agree that my contact details are processed as the privacy notice describes"),
        error_messages={
            "required": _("Your consent is needed so that we can handle the submission.")
        },
    )

    def __init__(self, *args, criteria=None, pending=None, sender: str = "", **kwargs):
        """`sender` is the keyed hash of the sender's address (`client_fingerprint`)."""
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria if criteria is not None else Criterion.objects.all())
        self.pending = list(pending or [])
        self.sender = sender
        self.fields["remove_attachments"].queryset = Attachment.objects.filter(
            pk__in=[attachment.pk for attachment in self.pending]
        )
        self.fields["language"].initial = get_language()
        for criterion in self.criteria:
            self.fields[self.criterion_field(criterion)] = text(
                criterion.name, criterion.description, max_length=3000, rows=3
            )
        # The order of the page, so that the list of errors follows it too.
        names = list(self.fields)
        links = names.index("links") + 1
        criteria_fields = [self.criterion_field(c) for c in self.criteria]
        rest = [name for name in names[links:] if name not in criteria_fields]
        self.order_fields(names[:links] + criteria_fields + rest)
        # New files with a good name and size, and of those the ones whose content
        # was checked and found right, with their content type.
        self.named_uploads = []
        self.valid_uploads = []

    @staticmethod
    def criterion_field(criterion: Criterion) -> str:
        return f"criterion_{criterion.slug}"

    def criterion_fields(self):
        return [self[self.criterion_field(criterion)] for criterion in self.criteria]

    def vocabulary_fields(self):
        return [self["municipalities"], self["themes"], self["target_groups"]]

    def practice_fields(self):
        names = ["summary", "goal", "how_it_works", "results", "resources", "adoption", "links"]
        return [self[name] for name in names]

    def contact_fields(self):
        return [self[name] for name in ["contact_name", "contact_email", "contact_phone"]]

    # Validation ----------------------------------------------------------------

    def clean_attachments(self):
        """The checks by name and size, which read nothing of the files; their content
        is looked into by `clean`, once the form has passed the cheap refusals."""
        errors = []
        for upload in self.cleaned_data.get("attachments") or []:
            try:
                validate_attachment_name(upload)
            except forms.ValidationError as error:
                errors.append(error)
            else:
                self.named_uploads.append(upload)
        if errors:
            raise forms.ValidationError(errors)
        return self.cleaned_data["attachments"]

    def kept_attachments(self) -> list[Attachment]:
        removed = set(self.cleaned_data.get("remove_attachments") or [])
        return [attachment for attachment in self.pending if attachment not in removed]

    def clean(self):
        """The cheap refusals first (the honeypot, a form sent too fast or too old, the
        sender's hourly limit, too many files), and only then the files' content: a
        refused form costs no more than a database count, and keeps none of its files."""
        cleaned = super().clean()
        self.spam_check(cleaned)
        if self.has_error(NON_FIELD_ERRORS, "expired"):
            return cleaned  # its files could not be kept: the form cannot be sent
        try:
            sender_limit_check(client_hash=self.sender)
        except SubmissionRefused as refused:
            raise forms.ValidationError(str(refused), code="over-limit") from None
        total = len(self.kept_attachments()) + len(self.named_uploads)
        if total > MAX_ATTACHMENTS:
            self.add_error(
                "attachments",
                ngettext(
                    "You can attach at most %(max)d file; now there would be %(count)d.",
                    "You can attach at most %(max)d files; now there would be %(count)d.",
                    MAX_ATTACHMENTS,
                )
                % {"max": MAX_ATTACHMENTS, "count": total},
            )
            return cleaned
        self.inspect_uploads()
        return cleaned

    def inspect_uploads(self) -> None:
        """Look into the content of the new files; keep the good ones in `valid_uploads`."""
        errors = []
        for upload in self.named_uploads:
            try:
                self.valid_uploads.append((upload, validate_attachment(upload)))
            except forms.ValidationError as error:
                errors.append(error)
        if errors:
            self.add_error("attachments", errors)

    def practice_data(self) -> dict:
        """The cleaned values, with the six self-assessments by criterion."""
        data = dict(self.cleaned_data)
        data["self_assessments"] = {
            criterion: data.pop(self.criterion_field(criterion)) for criterion in self.criteria
        }
        for key in ("form_token", "website", "attachments", "remove_attachments", "consent"):
            data.pop(key, None)
        return data
