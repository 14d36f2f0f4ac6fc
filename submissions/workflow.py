"""The life of a submission: the one place where its status changes.

    received ──start review──▶ in review ──accept──▶ accepted ──publish──▶ published
        │                         │
        └────────reject───────────┴──reject──▶ rejected

Every transition is checked against this table, needs its permission, locks
the row so that two clicks cannot both run it, and is recorded with who did
it and when.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import Submission, SubmissionTransition

Status = Submission.Status


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    permission: str
    label: str


TRANSITIONS = [
    Transition(
        Status.RECEIVED, Status.IN_REVIEW, "submissions.decide_submission", _("Send to the jury")
    ),
    Transition(Status.RECEIVED, Status.REJECTED, "submissions.decide_submission", _("Reject")),
    Transition(Status.IN_REVIEW, Status.ACCEPTED, "submissions.decide_submission", _("Accept")),
    Transition(Status.IN_REVIEW, Status.REJECTED, "submissions.decide_submission", _("Reject")),
    Transition(
        Status.ACCEPTED,
        Status.PUBLISHED,
        "submissions.publish_submission",
        _("Publish as practice"),
    ),
]


class TransitionRefused(Exception):
    """The transition is not allowed from the submission's status, or not for this user."""


def allowed_transitions(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == status]


def find_transition(source: str, target: str) -> Transition | None:
    return next((t for t in TRANSITIONS if t.source == source and t.target == target), None)


def transition_apply(
    *, submission: Submission, to: str, by, note: str = "", changes: dict | None = None
) -> SubmissionTransition:
    """Move the submission to `to`, or raise TransitionRefused with a message for the user.

    `changes` are other fields written in the same update (a published submission
    names its practice). Runs in the caller's transaction (or its own) with the
    submission row locked, so a repeated request sees the new status and is refused.
    """
    with transaction.atomic():
        current = Submission.objects.select_for_update().only("status").get(pk=submission.pk)
        step = find_transition(current.status, to)
        if step is None:
            raise TransitionRefused(
                _("A submission that is “%(current)s” cannot become “%(target)s”.")
                % {"current": Status(current.status).label, "target": Status(to).label}
            )
        if not by.has_perm(step.permission):
            raise TransitionRefused(_("You do not have permission to do that."))
        changes = changes or {}
        Submission.objects.filter(pk=submission.pk).update(status=to, **changes)
        submission.status = to
        for field, value in changes.items():
            setattr(submission, field, value)
        return SubmissionTransition.objects.create(
            submission=submission, from_status=current.status, to_status=to, by=by, note=note
        )
