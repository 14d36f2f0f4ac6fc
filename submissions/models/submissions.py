"""Submissions to calls, with their self-assessments, attachments and status changes.

A submission's status changes only through `submissions.workflow`; see there
for the allowed transitions.
"""

import secrets
import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from practices.models import Criterion, Municipality, Practice, TargetGroup, Theme
from website.i18n import LANGUAGE_CODES

from ..querysets import AttachmentQuerySet, SubmissionQuerySet
from ..roles import is_editor
from .calls import Call

# The languages a submission may be written in: the site's own.
LANGUAGE_CHOICES = settings.LANGUAGES


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
    funder = models.CharField(_("funder"), max_length=200, blank=True)
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

    def has_conflict_of(self, user) -> bool:
        """Whether this user declared a conflict of interest with the submission."""
        return self.reviews.filter(juror_id=user.pk, conflict_of_interest=True).exists()

    def content_hidden_from(self, user) -> bool:
        """Whether the user sees only the submission's reference and title: a jury member
        who declared a conflict of interest with it (an editor still runs the call)."""
        return not is_editor(user) and self.has_conflict_of(user)

    @staticmethod
    def decision_texts_visible_to(user) -> bool:
        """The editors' reason for a decision and the feedback drawn from the jury's
        texts are for the editors: a jury member reads neither."""
        return is_editor(user)


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
        return (
            f"{self.submission.reference}: "
            f"{self.get_from_status_display()} → {self.get_to_status_display()}"
        )
