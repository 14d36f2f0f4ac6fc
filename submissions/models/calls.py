"""Calls for practices, open between two moments."""

import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices.models import Practice, Theme

from ..querysets import CallQuerySet


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
    reviews_due = models.DateField(
        _("review deadline"),
        null=True,
        blank=True,
        help_text=_(
            "The last day for the jury's reviews. Jury members who still have reviews to "
            "give are reminded a few days before."
        ),
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

    @property
    def results_due_passed(self) -> bool:
        """Whether the day the results were to be published by is past: the page then
        speaks of it in the past tense."""
        return self.results_by is not None and self.results_by < timezone.localdate()

    def chosen_practices(self):
        """The published practices that came from this call's submissions."""
        return Practice.objects.published().filter(submission__call=self).order_by("pk")

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
