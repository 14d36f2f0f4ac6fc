"""Outgoing e-mail through a queue in the database.

`email_queue` saves the message in the caller's transaction, so it exists
exactly when the change it tells of exists. Nothing is sent inside a visitor's
request: a mail server that hangs would hold the worker (and, on SQLite, the
database) for as long as it hangs. `manage.py send_queued_email` (a timer every
minute, or `--every 10` as a worker) sends what is due, retries with growing
pauses and gives up after a day.

An e-mail to an address a visitor typed on a public form (a confirmation, a copy of
their message) goes through `email_queue_to_typed_address`: anyone can type anyone's
address, so one address gets only a few of them a day, whoever typed it and on
whichever form.

Sending is claimed, not locked: a message is taken by moving its next attempt
forward by `CLAIM_SECONDS` in one conditional UPDATE, which only one sender can
win, on PostgreSQL and SQLite alike. No transaction stays open while the mail
server is talking, so several senders (on several machines) can run at once and
each message is sent by one of them. A sender that dies mid-send leaves the
message to be tried again once the claim runs out.
"""

import datetime
import hashlib
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from website.text import email_address

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

RETRY_PAUSES = [1, 5, 15, 60, 180, 600]  # minutes after each failed attempt
MAX_ATTEMPTS = len(RETRY_PAUSES) + 1
# Longer than any SMTP conversation can take (EMAIL_TIMEOUT per step).
CLAIM_SECONDS = 10 * 60


def email_queue(
    *,
    to: str,
    template: str,
    context: dict,
    language: str,
    headers: dict | None = None,
    reference: str = "",
    to_typed_address: bool = False,
) -> OutgoingEmail:
    """Render `<template>_subject.txt` and `<template>_body.txt` (e.g. template
    "submissions/email/received") in `language`, and queue the message, with any
    extra `headers` (name → value) it is to be sent with. A `reference`
    (`reference_to(record)`) lets the caller find the messages about a record again
    (`OutgoingEmail.objects.about(record)`), to remove them with it. (To an address a
    visitor typed: `email_queue_to_typed_address`, which sets `to_typed_address`.)"""
    context = {"site_url": settings.SITE_URL.rstrip("/"), **context}
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}_body.txt", context)
    return OutgoingEmail.objects.create(
        to=to,
        subject=" ".join(subject.split())[:200],
        body=body.strip() + "\n",
        headers=headers or {},
        reference=reference,
        to_typed_address=to_typed_address,
    )


def typed_address_has_room(address: str, *, now: datetime.datetime | None = None) -> bool:
    """Whether one more e-mail may go to an address a visitor typed on a public form.

    At most CONFIRMATIONS_PER_ADDRESS_PER_DAY in any 24 hours: the submission's
    confirmation, the copy of a message to a practice's owner and the confirmation of
    alerts all count, whoever typed the address, its case ignored in every alphabet.
    Ask in the transaction that queues the e-mail: on PostgreSQL the address is then
    locked until the commit, so that two requests at the same moment cannot both take
    its last place (SQLite's write transactions take turns anyway).
    """
    now = now or timezone.now()
    address = email_address(address)  # one spelling per mailbox, however it was typed
    if connection.vendor == "postgresql":
        digest = hashlib.blake2b(address.casefold().encode(), digest_size=8).digest()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest, signed=True)]
            )
    sent = OutgoingEmail.objects.filter(
        to_typed_address=True,
        created_at__gt=now - datetime.timedelta(days=1),
        to__ifold=address,
    )
    return sent.count() < settings.CONFIRMATIONS_PER_ADDRESS_PER_DAY


def email_queue_to_typed_address(
    *,
    to: str,
    template: str,
    context: dict,
    language: str,
    reference: str = "",
    now: datetime.datetime | None = None,
) -> OutgoingEmail | None:
    """Queue an e-mail to an address a visitor typed, as `email_queue` does, if the
    address has room for it (`typed_address_has_room`); None if it has not, so that the
    visitor can be told nothing was sent."""
    to = email_address(to)
    with transaction.atomic():
        if not typed_address_has_room(to, now=now):
            return None
        return email_queue(
            to=to,
            template=template,
            context=context,
            language=language,
            reference=reference,
            to_typed_address=True,
        )


def email_claim(*, message_id: int, now: datetime.datetime) -> OutgoingEmail | None:
    """Take a due message for sending, or None if it is not due or another sender has it."""
    claimed = OutgoingEmail.objects.filter(
        pk=message_id, status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now
    ).update(
        attempts=F("attempts") + 1,
        next_attempt_at=now + datetime.timedelta(seconds=CLAIM_SECONDS),
    )
    return OutgoingEmail.objects.get(pk=message_id) if claimed else None


def email_send(*, message_id: int, now: datetime.datetime | None = None) -> bool | None:
    """Try to send one due message now; on failure log it and schedule a retry.

    True when sent, False when it failed, None when it was not due or another
    sender had taken it.
    """
    now = now or timezone.now()
    message = email_claim(message_id=message_id, now=now)
    if message is None:
        return None
    try:
        EmailMessage(
            message.subject,
            message.body,
            settings.DEFAULT_FROM_EMAIL,
            [message.to],
            headers=message.headers,
        ).send(fail_silently=False)
    except Exception as error:  # any failure of the mail server or the network
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        if message.attempts >= MAX_ATTEMPTS:
            message.status = OutgoingEmail.Status.FAILED
        else:
            pause = RETRY_PAUSES[message.attempts - 1]
            message.next_attempt_at = timezone.now() + datetime.timedelta(minutes=pause)
        message.save(update_fields=["last_error", "status", "next_attempt_at"])
        logger.warning(
            "E-mail %s not sent (attempt %s): %s", message.pk, message.attempts, message.last_error
        )
        return False
    message.status = OutgoingEmail.Status.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    message.save(update_fields=["status", "sent_at", "last_error"])
    return True


def email_send_due(*, now: datetime.datetime | None = None, limit: int = 200) -> tuple[int, int]:
    """Send the queued messages whose time has come. Returns (sent, not sent)."""
    now = now or timezone.now()
    due = (
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = failed = 0
    for message_id in list(due):
        outcome = email_send(message_id=message_id, now=now)
        sent += outcome is True
        failed += outcome is False
        if outcome is False and server_unreachable(message_id):
            # A server that does not answer would hold the pass EMAIL_TIMEOUT seconds
            # for every message queued: the rest wait for the next pass.
            logger.warning("The mail server could not be reached: the pass stops here.")
            break
    return sent, failed


# Failures of the connection, not of one message: the next message would meet them too.
UNREACHABLE = (
    "TimeoutError",
    "timeout",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "SMTPConnectError",
    "SMTPServerDisconnected",
    "gaierror",
    "OSError",
)


def server_unreachable(message_id: int) -> bool:
    last_error = OutgoingEmail.objects.filter(pk=message_id).values_list("last_error", flat=True)
    kind = (last_error.first() or "").partition(":")[0]
    return kind in UNREACHABLE
