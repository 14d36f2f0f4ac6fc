"""E-mail to jury members, through the outbox: assigned to a call, submissions sent to
them, a reminder a few days before the review deadline (all three by `notify_jury`,
run by a timer), and an editor's reminder from the call's progress page; each in the
language the jury member chose for their account (`StaffProfile`).

`jury_notices_send` records each notice it queues (JuryNotice) in the same transaction
as the e-mail, so a second run, or two at once, sends nothing twice.
"""

import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse

from outbox.services import email_queue
from website.audit import audit

from .models import Call, JuryNotice, Submission, language_of
from .progress import jurors_of

REMIND_DAYS_BEFORE = 3  # the reminder goes this many days before the review deadline


def juror_remind(*, call: Call, juror, by=None) -> None:
    """Queue a reminder of the reviews the jury member still owes on the call."""
    waiting = Submission.objects.awaiting_review_by(juror).filter(call=call)
    email_queue(
        to=juror.email,
        template="submissions/email/jury_reminder",
        context={
            "call": call,
            "juror_name": juror.get_full_name() or juror.get_username(),
            "waiting": list(waiting.order_by("created_at")),
            "desk_url": reverse("admin:submissions_review_desk"),
        },
        language=language_of(juror),
    )
    audit("jury_reminded", user=by, call=call.slug, juror=juror.pk, waiting=waiting.count())


def _once(*, juror, call, kind, submission=None) -> bool:
    """Record the notice; False if it was recorded before (by this run or another)."""
    try:
        with transaction.atomic():
            JuryNotice.objects.create(juror=juror, call=call, kind=kind, submission=submission)
    except IntegrityError:
        return False
    return True


def jury_notices_send(*, today: datetime.date) -> int:
    """Queue every notice due and not sent before; returns how many e-mails."""
    queued = 0
    for call in Call.objects.filter(is_published=True).order_by("pk"):
        for juror in jurors_of(call).exclude(email=""):
            with transaction.atomic():
                queued += _notify(call=call, juror=juror, today=today)
    return queued


def _notify(*, call: Call, juror, today: datetime.date) -> int:
    queued = 0
    desk_url = reverse("admin:submissions_review_desk")
    context = {
        "call": call,
        "juror_name": juror.get_full_name() or juror.get_username(),
        "desk_url": desk_url,
    }
    if juror in call.jurors.all() and _once(juror=juror, call=call, kind=JuryNotice.Kind.ASSIGNED):
        email_queue(
            to=juror.email,
            template="submissions/email/jury_assigned",
            context=context,
            language=language_of(juror),
        )
        queued += 1
    waiting = list(
        Submission.objects.awaiting_review_by(juror).filter(call=call).order_by("created_at")
    )
    new = [
        submission
        for submission in waiting
        if _once(juror=juror, call=call, kind=JuryNotice.Kind.SENT, submission=submission)
    ]
    if new:
        email_queue(
            to=juror.email,
            template="submissions/email/jury_sent",
            context={**context, "new": new, "waiting": waiting},
            language=language_of(juror),
        )
        queued += 1
    due = call.reviews_due
    if (
        waiting
        and due is not None
        and 0 <= (due - today).days <= REMIND_DAYS_BEFORE
        and _once(juror=juror, call=call, kind=JuryNotice.Kind.REMINDER)
    ):
        juror_remind(call=call, juror=juror)
        queued += 1
    return queued
