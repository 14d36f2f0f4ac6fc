"""Conflicts of interest declared for a whole call (against an organisation, or with
every submission of the call) and conflicts an editor has lifted.

A declaration is applied to each submission it covers as the submission is sent to
the jury, as a review that declares a conflict (`services.conflicts_apply`): a juror
with a conflict sees only the reference and the title and no colleague's work,
whichever way the conflict was declared.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .calls import Call
from .submissions import Submission


def organisation_key(name: str) -> str:
    """An organisation's name as declarations match it: case and spacing do not count."""
    return " ".join(name.split()).casefold()


class DeclaredConflict(models.Model):
    """A jury member's conflict of interest with the submissions of a call from one
    organisation, or (no organisation) with every submission of the call."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="declared_conflicts", verbose_name=_("call")
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="declared_conflicts",
        verbose_name=_("jury member"),
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=300,
        blank=True,
        help_text=_("Empty: a conflict with every submission of the call."),
    )
    note = models.TextField(
        _("confidential note for the editors"),
        blank=True,
        max_length=3000,
        help_text=_("What the conflict is. Only the editors read this."),
    )
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("declared conflict of interest")
        verbose_name_plural = _("declared conflicts of interest")
        ordering = ["call", "juror", "organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "juror", "organisation"], name="declaredconflict_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.juror} – {self.scope}"

    @property
    def scope(self) -> str:
        return self.organisation or str(_("every submission of the call"))

    def covers(self, submission: Submission) -> bool:
        """Whether the declaration applies to this submission."""
        if submission.call_id != self.call_id:
            return False
        return not self.organisation or organisation_key(
            submission.organisation
        ) == organisation_key(self.organisation)


class LiftedConflict(models.Model):
    """A jury member's conflict of interest with a submission that an editor lifted, so
    that they may score it: kept, and shown to the editors beside the jury's work."""

    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        related_name="lifted_conflicts",
        verbose_name=_("submission"),
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lifted_conflicts",
        verbose_name=_("jury member"),
    )
    note = models.TextField(_("the jury member's note on the conflict"), blank=True)
    declared_at = models.DateTimeField(_("declared"))
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lifted by"),
    )
    lifted_at = models.DateTimeField(_("lifted"), default=timezone.now)
    reason = models.TextField(_("reason for lifting"), max_length=3000)

    class Meta:
        verbose_name = _("lifted conflict of interest")
        verbose_name_plural = _("lifted conflicts of interest")
        ordering = ["-lifted_at"]

    def __str__(self) -> str:
        return f"{self.submission.reference} – {self.juror}"
