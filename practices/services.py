"""Writes of the catalogue: a practice's state (the rules: workflow.py), the messages
visitors send to a practice's owner, and the reports of where a practice is used.

E-mail is queued in the outbox in the same transaction as the row it tells of, so a
mail server that is down delays a message but never loses it.
"""

import datetime
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from outbox.models import OutgoingEmail
from outbox.services import email_queue, email_queue_to_typed_address
from website.audit import audit

from .models import Adoption, ContactMessage, Practice
from .workflow import TransitionRefused, transition_apply

__all__ = [
    "TransitionRefused",
    "adoption_approve",
    "adoption_report",
    "contact_message_send",
    "contact_messages_remove_expired",
    "practice_archive",
    "practice_publish",
]


def practice_publish(*, practice: Practice, by, at: datetime.datetime | None = None) -> Practice:
    """Make the practice public, if its page has what it needs; the first publication
    date is kept on later publishes."""
    return transition_apply(practice=practice, to=Practice.Status.PUBLISHED, by=by, at=at)


def practice_archive(*, practice: Practice, by) -> Practice:
    """Take the practice off the public pages, keeping it and its history."""
    return transition_apply(practice=practice, to=Practice.Status.ARCHIVED, by=by)


def contact_message_send(
    *,
    practice: Practice,
    form_token: uuid.UUID,
    sender_name: str,
    sender_email: str,
    sender_organisation: str,
    message: str,
    language: str,
) -> ContactMessage:
    """Save the visitor's message and queue it to the practice's owner, with a copy to
    the visitor, all or nothing. The copy goes only if the visitor's address has room for
    it today (`outbox.services.typed_address_has_room`); `copy_email` is None if not.
    The same form sent twice (a double click) is saved and sent once: the first one is
    returned."""
    existing = ContactMessage.objects.filter(form_token=form_token).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            contact = ContactMessage.objects.create(
                practice=practice,
                form_token=form_token,
                sender_name=sender_name,
                sender_email=sender_email,
                sender_organisation=sender_organisation,
                message=message,
                language=language,
            )
            context = {"contact": contact, "practice": practice}
            # The sender's address is whatever they typed: it gets only a few a day
            # from the site's forms. The owner's e-mail tells whether a copy went.
            contact.copy_email = email_queue_to_typed_address(
                to=sender_email,
                template="practices/email/contact_copy",
                context=context,
                language=language,
            )
            contact.owner_email = email_queue(
                to=practice.contact_email,
                template="practices/email/contact_owner",
                context=context,
                language=settings.LANGUAGE_CODE,
            )
            contact.save(update_fields=["owner_email", "copy_email"])
    except IntegrityError:
        # Two sends of the same form at the same moment: the other one was saved.
        existing = ContactMessage.objects.filter(form_token=form_token).first()
        if existing:
            return existing
        raise
    return contact


def adoption_report(*, practice: Practice, form_token: uuid.UUID, data: dict) -> Adoption:
    """Save a report that the practice is used somewhere; it waits for an editor. The
    same form sent twice is saved once: the first one is returned."""
    existing = Adoption.objects.filter(form_token=form_token).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Adoption.objects.create(practice=practice, form_token=form_token, **data)
    except IntegrityError:
        existing = Adoption.objects.filter(form_token=form_token).first()
        if existing:
            return existing
        raise


def adoption_approve(*, adoption: Adoption, by, at: datetime.datetime | None = None) -> bool:
    """Show the report on the practice's page, record who approved it (in the history
    too), and tell the practice's owner. False if it was approved already (another tab,
    another editor): nothing is done twice."""
    with transaction.atomic():
        current = (
            Adoption.objects.select_for_update()
            .select_related("practice", "municipality__region")
            .get(pk=adoption.pk)
        )
        if current.is_approved:
            return False
        current.approved_at = at or timezone.now()
        current.approved_by = by
        current._history_user = by  # django-simple-history: who, where no request tells
        current.save(update_fields=["approved_at", "approved_by"])
        if current.practice.contact_email:
            email_queue(
                to=current.practice.contact_email,
                template="practices/email/adoption_approved",
                context={"adoption": current, "practice": current.practice},
                language=settings.LANGUAGE_CODE,
            )
        audit("adoption_approved", user=by, adoption=current.pk)
    adoption.approved_at, adoption.approved_by = current.approved_at, current.approved_by
    return True


def contact_messages_remove_expired(*, now: datetime.datetime | None = None) -> int:
    """Remove the messages sent to practices' owners, and the e-mails that carried them,
    once they are older than the privacy notice says (CONTACT_MESSAGE_RETENTION_DAYS).
    Returns how many messages went."""
    cutoff = (now or timezone.now()) - datetime.timedelta(
        days=settings.CONTACT_MESSAGE_RETENTION_DAYS
    )
    with transaction.atomic():
        expired = ContactMessage.objects.filter(created_at__lt=cutoff)
        emails = [
            pk
            for pair in expired.values_list("owner_email", "copy_email")
            for pk in pair
            if pk is not None
        ]
        count, _by_model = expired.delete()
        OutgoingEmail.objects.filter(pk__in=emails).delete()
    return count
