"""Outgoing e-mail through a queue in the database.

`email_queue` saves the message in the caller's transaction, so it exists
exactly when the change it tells of exists. After the commit one attempt is
made at once; what fails waits for `manage.py send_queued_email` (run it
every few minutes), which retries with growing pauses and gives up after a day.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

RETRY_PAUSES = [1, 5, 15, 60, 180, 600]  # minutes after each failed attempt
MAX_ATTEMPTS = len(RETRY_PAUSES) + 1


def email_queue(*, to: str, template: str, context: dict, language: str) -> OutgoingEmail:
    """Render `submissions/email/<template>_{subject,body}.txt` in `language` and queue it."""
    context = {"site_url": settings.SITE_URL.rstrip("/"), **context}
    with translation.override(language):
        subject = render_to_string(f"submissions/email/{template}_subject.txt", context)
        body = render_to_string(f"submissions/email/{template}_body.txt", context)
    message = OutgoingEmail.objects.create(
        to=to, subject=" ".join(subject.split())[:200], body=body.strip() + "\n"
    )
    transaction.on_commit(lambda: email_send(message_id=message.pk))
    return message


def email_send(*, message_id: int) -> bool:
    """Try to send one queued message now; on failure log it and schedule a retry."""
    with transaction.atomic():
        message = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutgoingEmail.Status.PENDING)
            .first()
        )
        if message is None:
            return False
        message.attempts += 1
        try:
            send_mail(
                message.subject,
                message.body,
                settings.DEFAULT_FROM_EMAIL,
                [message.to],
                fail_silently=False,
            )
        except Exception as error:  # any failure of the mail server or the network
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = OutgoingEmail.Status.FAILED
            else:
                pause = RETRY_PAUSES[message.attempts - 1]
                message.next_attempt_at = timezone.now() + datetime.timedelta(minutes=pause)
            message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            logger.warning(
                "E-mail %s not sent (attempt %s): %s",
                message.pk,
                message.attempts,
                message.last_error,
            )
            return False
        message.status = OutgoingEmail.Status.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        return True


def email_send_due(*, now: datetime.datetime | None = None, limit: int = 200) -> tuple[int, int]:
    """Send the queued messages whose time has come. Returns (sent, failed)."""
    now = now or timezone.now()
    due = OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now
    ).values_list("pk", flat=True)[:limit]
    sent = failed = 0
    for message_id in list(due):
        if email_send(message_id=message_id):
            sent += 1
        else:
            failed += 1
    return sent, failed
