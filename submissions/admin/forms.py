"""The forms of the submissions admin's own pages: a decision, a submitter's personal
data, and a jury member's review."""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from practices.models import Criterion, Rating
from website.text import PlainTextFormMixin

from ..models import Review, StaffProfile, Submission, review_version

SCALE_HELP = _("0 = not met, 1 = partly met, 2 = met, 3 = met excellently.")
SUBMITTER_HELP = _("May reach the submitter with the decision, without your name.")
CONFIDENTIAL_HELP = _("Only the editors and the jury read this.")


class PersonalDataForm(PlainTextFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address of the submitter"))
    confirm = forms.BooleanField(
        label=_("I want to erase this person's contact details, attachments and e-mail"),
        required=False,
    )


class JurorInvitationForm(PlainTextFormMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    language = forms.ChoiceField(
        label=_("Language of e-mail"),
        choices=[("", _("Keep the language their account has")), *settings.LANGUAGES],
        required=False,
        help_text=_("The invitation and the jury's later e-mails are written in it."),
    )


class StaffLanguageForm(forms.ModelForm):
    """A staff account chooses the language of the e-mail the site sends them."""

    class Meta:
        model = StaffProfile
        fields = ["language"]


class ConflictLiftForm(PlainTextFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for lifting the conflict of interest"),
        help_text=_(
            "Kept with the record of the lift and sent to the call's editors. The jury "
            "member may then score the submission."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
    )


class DeclaredConflictForm(PlainTextFormMixin, forms.Form):
    """A jury member's conflict of interest with a call's submissions from an
    organisation, or with all of them."""

    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=300,
        required=False,
        help_text=_(
            "Its name as the submissions give it; case and spacing do not matter. "
            "Leave empty if you tick the box below."
        ),
    )
    whole_call = forms.BooleanField(
        label=_("I have a conflict of interest with every submission of this call"),
        required=False,
    )
    note = forms.CharField(
        label=_("What the conflict is"),
        help_text=_("Only the editors read this."),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        organisation = (cleaned.get("organisation") or "").strip()
        if cleaned.get("whole_call") and organisation:
            self.add_error(
                "organisation",
                _("Name an organisation or tick the box for the whole call, not both."),
            )
        elif not cleaned.get("whole_call") and not organisation:
            self.add_error(
                "organisation",
                _("Name the organisation, or tick the box for the whole call."),
            )
        return cleaned


class DecisionForm(PlainTextFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the decision"),
        help_text=_("For the editors' records; the submitter does not see it."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    feedback = forms.CharField(
        label=_("Feedback to the submitter"),
        help_text=_("Drawn from the jury's comments. Never name a jury member."),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=10000,
    )


class ReviewForm(PlainTextFormMixin, forms.Form):
    """A jury member's review of one submission: a score and two kinds of comment on each
    criterion and an overall recommendation, or a declared conflict of interest (then
    nothing else).

    The submission is the page's, never a field: the form cannot be switched to another
    submission while it shows the first. `version` is the review as the form was opened
    (its last save, or "new"), so that a save from a second tab or a stale form is
    noticed instead of overwriting (`review_save`).
    """

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    conflict_of_interest = Review._meta.get_field("conflict_of_interest").formfield()
    recommendation = Review._meta.get_field("recommendation").formfield(required=False)
    comment_for_submitter = Review._meta.get_field("comment_for_submitter").formfield(
        widget=forms.Textarea(attrs={"rows": 4})
    )
    language = Review._meta.get_field("language").formfield()
    confidential_comment = Review._meta.get_field("confidential_comment").formfield(
        widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, criteria: list[Criterion], review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=Rating.choices,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
                help_text=format_html("{}<br>{}", criterion.description, SCALE_HELP),
            )
            self.fields[f"for_submitter_{criterion.pk}"] = forms.CharField(
                label=_("For the submitter, on “%(criterion)s”") % {"criterion": criterion.name},
                help_text=SUBMITTER_HELP,
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"confidential_{criterion.pk}"] = forms.CharField(
                label=_("Confidential, on “%(criterion)s”") % {"criterion": criterion.name},
                help_text=CONFIDENTIAL_HELP,
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.initial["version"] = review_version(review)
        if review is not None:
            self.initial.update(
                conflict_of_interest=review.conflict_of_interest,
                recommendation=review.recommendation,
                language=review.language,
                comment_for_submitter=review.comment_for_submitter,
                confidential_comment=review.confidential_comment,
            )
            for score in review.scores.all():
                self.initial[f"score_{score.criterion_id}"] = score.score
                self.initial[f"for_submitter_{score.criterion_id}"] = score.comment_for_submitter
                self.initial[f"confidential_{score.criterion_id}"] = score.confidential_comment

    def criterion_fields(self):
        """(criterion, its score, its text for the submitter, its confidential text) in
        the criteria's order."""
        return [
            (
                criterion,
                self[f"score_{criterion.pk}"],
                self[f"for_submitter_{criterion.pk}"],
                self[f"confidential_{criterion.pk}"],
            )
            for criterion in self.criteria
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("conflict_of_interest"):
            return cleaned
        if not cleaned.get("recommendation"):
            self.add_error("recommendation", _("Give your overall recommendation."))
        for criterion in self.criteria:
            if cleaned.get(f"score_{criterion.pk}") in (None, ""):
                self.add_error(f"score_{criterion.pk}", _("Give a score from 0 to 3."))
        return cleaned

    def scores(self) -> dict:
        """Per criterion: (score, text for the submitter, confidential text)."""
        return {
            criterion: (
                int(self.cleaned_data[f"score_{criterion.pk}"]),
                self.cleaned_data.get(f"for_submitter_{criterion.pk}", ""),
                self.cleaned_data.get(f"confidential_{criterion.pk}", ""),
            )
            for criterion in self.criteria
            if self.cleaned_data.get(f"score_{criterion.pk}") not in (None, "")
        }


@dataclass
class ScoreOption:
    value: int
    label: str
    meaning: str  # what the score means for this criterion
    checked: bool
    id: str


@dataclass
class ScoreRow:
    """One criterion of the review form's grid of scores: its radio buttons with what
    each score means for it, and the submitter's own self-assessment beside them."""

    criterion: Criterion
    field: forms.BoundField
    options: list[ScoreOption]
    self_assessment: str


def score_grid(form: ReviewForm, submission: Submission | None) -> list[ScoreRow]:
    own_words = (
        dict(submission.self_assessments.values_list("criterion_id", "text")) if submission else {}
    )
    rows = []
    for criterion, field, *_texts in form.criterion_fields():
        given = "" if field.value() is None else str(field.value())
        options = [
            ScoreOption(
                value=value,
                label=label,
                meaning=meaning,
                checked=given == str(value),
                id=f"{field.auto_id}_{value}",
            )
            for value, label, meaning in criterion.levels()
        ]
        rows.append(ScoreRow(criterion, field, options, own_words.get(criterion.pk, "")))
    return rows
