"""Calls for practices, submissions to them and the jury's reviews.

A submission's status changes only through `submissions.workflow`; see there
for the allowed transitions.
"""

import datetime
import secrets
import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.files.storage import storages
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from practices.models import Criterion, Municipality, Practice, Rating, TargetGroup, Theme
from website.i18n import LANGUAGE_CODES

from .querysets import AttachmentQuerySet, CallQuerySet, ReviewQuerySet, SubmissionQuerySet

# The languages a submission may be written in: the site's own.
LANGUAGE_CHOICES = settings.LANGUAGES


class CallState(models.TextChoices):
    UPCOMING = "upcoming", _("upcoming")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class Call(models.Model):
    """A call for practices, open between two moments; an open-ended call has no deadline."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    body = models.TextField(_("description of the call"), max_length=20000)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="calls", verbose_name=_("themes")
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a call that is always open."),
    )
    grace_minutes = models.PositiveSmallIntegerField(
        _("grace period in minutes"),
        default=0,
        help_text=_("Submissions that arrive this long after the deadline are still accepted."),
    )
    results_by = models.DateField(_("results to be published by"), null=True, blank=True)
    contact_email = models.EmailField(
        _("contact address"),
        help_text=_("Questions go here, and so do the notices of new submissions."),
    )
    partners = models.TextField(_("partners"), blank=True, max_length=3000)
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Visitors see only published calls.")
    )
    jurors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="jury_calls",
        verbose_name=_("jury members"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Kept current by a database trigger on PostgreSQL (see practices/search.py);
    # empty on SQLite, whose search needs no index.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call for practices")
        verbose_name_plural = _("calls for practices")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(grace_minutes__lte=1440), name="call_grace_max_a_day"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("submissions:call", kwargs={"slug": self.slug})

    @property
    def is_open_ended(self) -> bool:
        return self.closes_at is None

    @property
    def accepts_until(self) -> datetime.datetime | None:
        """The last moment a submission is accepted: the deadline plus the grace period."""
        if self.closes_at is None:
            return None
        return self.closes_at + datetime.timedelta(minutes=self.grace_minutes)

    def state_at(self, moment: datetime.datetime) -> CallState:
        """Upcoming, open or closed, as the dates say; the form shows only while open."""
        if moment < self.opens_at:
            return CallState.UPCOMING
        if self.closes_at is None or moment <= self.closes_at:
            return CallState.OPEN
        return CallState.CLOSED

    @property
    def state(self) -> CallState:
        return self.state_at(timezone.now())

    def accepts_submissions_at(self, moment: datetime.datetime) -> bool:
        """Whether a submission arriving at this moment is accepted (grace period included)."""
        if not self.is_published or moment < self.opens_at:
            return False
        return self.accepts_until is None or moment <= self.accepts_until

    def days_left_at(self, moment: datetime.datetime) -> int | None:
        """Whole days until the deadline in Helsinki time; 0 on the last day."""
        if self.closes_at is None:
            return None
        today = timezone.localdate(moment)
        return max((timezone.localdate(self.closes_at) - today).days, 0)

    @property
    def days_left(self) -> int | None:
        return self.days_left_at(timezone.now())


def new_reference() -> str:
    """A short reference for people to quote: eight letters and digits, easy to read aloud."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    code = "".join(secrets.choice(alphabet) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


def new_status_token() -> str:
    return secrets.token_urlsafe(32)


class SubmissionStatus(models.TextChoices):
    """Where a submission is; it changes only through submissions/workflow.py."""

    RECEIVED = "received", _("received")
    IN_REVIEW = "in_review", _("in review")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
    PUBLISHED = "published", _("published")


class Submission(models.Model):
    """A practice submitted to a call by a coordinator of an organisation."""

    Status = SubmissionStatus
    # The statuses in which a submission is in front of the jury or past it, and those
    # of a decision made.
    REVIEWABLE = [
        SubmissionStatus.IN_REVIEW,
        SubmissionStatus.ACCEPTED,
        SubmissionStatus.REJECTED,
        SubmissionStatus.PUBLISHED,
    ]
    DECIDED = [SubmissionStatus.ACCEPTED, SubmissionStatus.REJECTED, SubmissionStatus.PUBLISHED]

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("call")
    )
    reference = models.CharField(
        _("reference number"), max_length=9, unique=True, default=new_reference, editable=False
    )
    status_token = models.CharField(
        _("status link token"),
        max_length=64,
        unique=True,
        default=new_status_token,
        editable=False,
    )
    form_token = models.UUIDField(
        _("form token"),
        unique=True,
        default=uuid.uuid4,
        editable=False,
        help_text=_("Identifies one filled-in form, so that sending it twice saves it once."),
    )
    language = models.CharField(
        _("language of the submission"), max_length=2, choices=LANGUAGE_CHOICES
    )

    title = models.CharField(_("name of the practice"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200)
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="submissions", verbose_name=_("municipalities")
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="submissions", verbose_name=_("themes")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="submissions", verbose_name=_("target groups")
    )
    summary = models.TextField(_("summary"), max_length=1500)
    goal = models.TextField(_("goal and the need it answers"), max_length=5000)
    how_it_works = models.TextField(_("how it works"), max_length=10000)
    results = models.TextField(_("results and how they were measured"), max_length=5000)
    resources = models.TextField(_("resources and costs"), max_length=5000)
    adoption = models.TextField(_("what adopting it elsewhere requires"), max_length=5000)
    links = models.TextField(_("links"), blank=True, max_length=3000)

    contact_name = models.CharField(_("contact person"), max_length=120)
    contact_email = models.EmailField(_("e-mail address"))
    contact_phone = models.CharField(_("phone number"), max_length=40, blank=True)
    consent = models.BooleanField(_("consent to the processing of personal data"))
    contact_erased_at = models.DateTimeField(
        _("contact details removed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the contact details were removed (retention period or request)."),
    )
    client_hash = models.CharField(
        _("sender fingerprint"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("A keyed hash of the sender's network address, for the hourly limit."),
    )

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True, max_length=5000)
    feedback = models.TextField(
        _("feedback to the submitter"),
        blank=True,
        max_length=10000,
        help_text=_("Sent to the submitter with the decision. Never name a jury member."),
    )
    extra_jurors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="extra_jury_submissions",
        verbose_name=_("additional jury members"),
        help_text=_(
            "One more jury member for this submission only, for example where the jury disagrees."
        ),
    )
    practice = models.OneToOneField(
        Practice,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submission",
        verbose_name=_("published as practice"),
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SubmissionQuerySet.as_manager()
    # Who changed what and when; personal data stays out of the history.
    history = HistoricalRecords(
        excluded_fields=["contact_name", "contact_email", "contact_phone", "client_hash"]
    )

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(consent=True), name="submission_has_consent"),
            models.CheckConstraint(
                condition=Q(status__in=SubmissionStatus.values),
                name="submission_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=SubmissionStatus.PUBLISHED) | Q(practice__isnull=False),
                name="submission_published_has_practice",
            ),
            models.CheckConstraint(
                condition=Q(language__in=LANGUAGE_CODES), name="submission_language_valid"
            ),
        ]
        indexes = [models.Index(fields=["client_hash", "created_at"], name="submission_rate_idx")]
        permissions = [
            ("decide_submission", _("Can send to the jury, accept and reject submissions")),
            ("publish_submission", _("Can publish accepted submissions as practices")),
            ("view_ranking", _("Can see the jury's ranking of a call")),
            ("view_contact_details", _("Can see the submitter's contact details")),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_status_url(self) -> str:
        return reverse("submissions:status", kwargs={"token": self.status_token})

    @property
    def public_status(self) -> str:
        """The status as the submitter sees it: received, in review or decided."""
        if self.status in (self.Status.RECEIVED, self.Status.IN_REVIEW):
            return self.status
        return "decided"

    @property
    def is_decided(self) -> bool:
        return self.public_status == "decided"

    @property
    def was_accepted(self) -> bool:
        return self.status in (self.Status.ACCEPTED, self.Status.PUBLISHED)


class SelfAssessment(models.Model):
    """The submitter's own account of how the practice meets one criterion."""

    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        related_name="self_assessments",
        verbose_name=_("submission"),
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    text = models.TextField(_("self-assessment"), max_length=3000)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "criterion"], name="selfassessment_one_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission.reference} – {self.criterion}"


def attachment_storage():
    return storages["attachments"]


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Never the visitor's file name: a random name nobody can guess or collide with.
    return f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file sent with a submission; kept outside the public media and served only to staff.

    An attachment whose form had errors waits with its form token and no
    submission, so the visitor does not have to send it again; while it waits it
    carries the keyed hash of the sender's address, which bounds how much one
    sender may leave waiting.
    """

    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("submission"),
    )
    form_token = models.UUIDField(_("form token"), db_index=True)
    file = models.FileField(_("file"), storage=attachment_storage, upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    client_hash = models.CharField(
        _("sender fingerprint"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("A keyed hash of the sender's network address, while the file waits."),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submission__isnull=True) | Q(client_hash=""),
                name="attachment_sender_only_while_pending",
            ),
        ]
        indexes = [
            models.Index(
                fields=["client_hash"],
                condition=Q(submission__isnull=True),
                name="attachment_pending_sender_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


def attachment_file_delete(sender, instance, **kwargs) -> None:
    """A deleted attachment's file goes too, however the row went (the admin, an erasure,
    a cascade from its submission), once the deletion is committed."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name), robust=True)


class SubmissionTransition(models.Model):
    """One change of a submission's status: from, to, by whom and when."""

    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("submission"),
    )
    from_status = models.CharField(_("from"), max_length=10, choices=Submission.Status.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=Submission.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.submission.reference}: {self.from_status} → {self.to_status}"


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
    comment = models.TextField(_("overall comment"), blank=True, max_length=5000)
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


REVIEW_IS_FINAL = _(
    "Your review can no longer be changed: the other jury members' reviews of this "
    "submission are open to you, and the scores you gave before seeing them stand."
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
    comment = models.TextField(_("comment"), blank=True, max_length=3000)
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
