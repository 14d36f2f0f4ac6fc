"""The jury's reviews: scores against the six criteria, or a conflict of interest."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from practices.models import Criterion, Rating

from ..querysets import ReviewQuerySet
from .submissions import Submission


class Recommendation(models.TextChoices):
    RECOMMEND = "recommend", _("Recommend publishing")
    WITH_CHANGES = "with_changes", _("Recommend publishing after changes")
    DO_NOT_RECOMMEND = "do_not_recommend", _("Do not recommend publishing")


class Review(models.Model):
    """One jury member's scoring of one submission against the six criteria."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("submission")
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("jury member"),
    )
    conflict_of_interest = models.BooleanField(
        _("I have a conflict of interest"),
        default=False,
        help_text=_(
            "If you declare a conflict of interest, you give no scores for this submission."
        ),
    )
    recommendation = models.CharField(
        _("overall recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    language = models.CharField(
        _("language of your texts for the submitter"),
        max_length=2,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    # Two kinds of text: what may reach the submitter, anonymised (`jury_feedback_draft`),
    # and what never leaves the back office.
    comment_for_submitter = models.TextField(
        _("overall comment for the submitter"),
        blank=True,
        max_length=5000,
        help_text=_(
            "May be passed on to the submitter, without your name, with the decision. "
            "Write it in the language of the submission if you can."
        ),
    )
    confidential_comment = models.TextField(
        _("confidential comment for the editors and jury"),
        blank=True,
        max_length=5000,
        help_text=_(
            "Never leaves the back office: only the editors and the jury read it. "
            "If you declare a conflict of interest, say here what it is."
        ),
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ReviewQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["submission", "submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "juror"], name="review_one_per_juror"),
            models.CheckConstraint(
                condition=Q(conflict_of_interest=True, recommendation="")
                | Q(conflict_of_interest=False) & ~Q(recommendation=""),
                name="review_recommendation_unless_conflict",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission.reference} – {self.juror}"

    def is_final(self) -> bool:
        """Whether the review can no longer be changed: its author can see a colleague's
        review of the same submission (`visible_to`), so the scores they gave before
        seeing it stand (independent scoring)."""
        return (
            Review.objects.visible_to(self.juror)
            .filter(submission_id=self.submission_id)
            .exclude(juror_id=self.juror_id)
            .exists()
        )


def review_version(review: Review | None) -> str:
    """What a review form remembers of the review it was opened on (its last save, or
    "new"), so that a save from a second tab or a stale form is noticed."""
    return "new" if review is None else review.updated_at.isoformat()


REVIEW_IS_FINAL = _(
    "Your review can no longer be changed: the other jury members' reviews of this "
    "submission are open to you, and the scores you gave before seeing them stand."
)

CONFLICT_STANDS = _(
    "You declared a conflict of interest with this submission, and it stands: you cannot "
    "withdraw it yourself. If it was a mistake, ask an editor to lift it; you can then "
    "score the submission."
)


class ReviewScore(models.Model):
    """A jury member's score and comment on one criterion."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("review")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    score = models.PositiveSmallIntegerField(_("score"), choices=Rating.choices)
    comment_for_submitter = models.TextField(
        _("comment for the submitter"), blank=True, max_length=3000
    )
    confidential_comment = models.TextField(
        _("confidential comment for the editors and jury"), blank=True, max_length=3000
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="reviewscore_one_per_criterion"
            ),
            models.CheckConstraint(condition=Q(score__lte=3), name="reviewscore_0_to_3"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class JuryNoticeKind(models.TextChoices):
    ASSIGNED = "assigned", _("assigned to the call")
    SENT = "sent", _("submission sent to the jury")
    REMINDER = "reminder", _("reminder before the review deadline")


class JuryNotice(models.Model):
    """An e-mail a jury member was sent about a call (assigned, reminded) or one of its
    submissions (sent to them): the record that makes `notify_jury` send each once."""

    Kind = JuryNoticeKind

    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jury_notices",
        verbose_name=_("jury member"),
    )
    call = models.ForeignKey(
        "submissions.Call",
        on_delete=models.CASCADE,
        related_name="jury_notices",
        verbose_name=_("call"),
    )
    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jury_notices",
        verbose_name=_("submission"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=JuryNoticeKind.choices)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("notice to a jury member")
        verbose_name_plural = _("notices to jury members")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["juror", "call", "kind"],
                condition=Q(submission__isnull=True),
                name="jurynotice_once_per_call",
            ),
            models.UniqueConstraint(
                fields=["juror", "submission", "kind"],
                condition=Q(submission__isnull=False),
                name="jurynotice_once_per_submission",
            ),
            models.CheckConstraint(
                condition=Q(kind=JuryNoticeKind.SENT, submission__isnull=False)
                | ~Q(kind=JuryNoticeKind.SENT) & Q(submission__isnull=True),
                name="jurynotice_submission_only_when_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.juror} – {self.get_kind_display()}"
