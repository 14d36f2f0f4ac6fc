"""Personal data of submitters: kept only as long as needed, exportable and erasable.

The contact details (name, e-mail address, phone) are the personal data a
submission holds; they are not in the history records (excluded there), but they
are in the outgoing e-mail, and attachments may hold more. Erasing reaches all of
these.

A visitor's message to a practice's owner (its sender's name, address and text, and
the two e-mails that carried it) and the contact details of an adoption report are
personal data too: exported and erased with the rest, by the same address. So are
the subscriptions to e-mail alerts of new practices (the address and the filter).

The e-mail is found by the address wherever it is (`OutgoingEmail.objects.carrying`):
sent to the person, or naming them to someone else, as the message to a practice's
owner names its sender and the news of an approved adoption report its reporter. Every
e-mail that names a visitor to someone else carries their address with the name, so
the address finds it. Erasure deletes such a message, sent or still queued, rather
than blanking the person in it: the address and the name are not all of them it holds
(the visitor's own words are the body of a message to an owner, and a reporter may sign
what they wrote), and a queued notice of an adoption is not worth keeping a half-erased
copy for: the report itself stays on the practice's page.
"""

import calendar
import datetime

from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from alerts.models import Subscription
from outbox.models import OutgoingEmail
from practices.models import Adoption, ContactMessage
from website.audit import audit
from website.spam import TOKEN_MAX_AGE

from .models import Attachment, Submission


def submissions_of(email: str) -> QuerySet:
    return Submission.objects.filter(contact_email__ifold=email.strip())


def personal_data_export(*, email: str, by) -> dict:
    """Everything the catalogue holds on the person with this e-mail address."""
    submissions = submissions_of(email).prefetch_related("attachments", "self_assessments")
    data = {
        "email": email,
        "exported_at": timezone.now().isoformat(),
        "submissions": [
            {
                "reference": s.reference,
                "call": str(s.call),
                "received": s.created_at.isoformat(),
                "status": s.status,
                "language": s.language,
                "contact_name": s.contact_name,
                "contact_email": s.contact_email,
                "contact_phone": s.contact_phone,
                "practice": s.title,
                "organisation": s.organisation,
                "summary": s.summary,
                "feedback": s.feedback,
                "attachments": [a.original_name for a in s.attachments.all()],
            }
            for s in submissions
        ],
        "contact_messages": [
            {
                "practice": str(m.practice),
                "sent": m.created_at.isoformat(),
                "name": m.sender_name,
                "email": m.sender_email,
                "organisation": m.sender_organisation,
                "message": m.message,
            }
            for m in ContactMessage.objects.filter(sender_email__ifold=email.strip())
            .select_related("practice")
            .order_by("created_at")
        ],
        "adoption_reports": [
            {
                "practice": str(a.practice),
                "reported": a.created_at.isoformat(),
                "organisation": a.organisation,
                "municipality": str(a.municipality),
                "year": a.year,
                "contact_name": a.contact_name,
                "contact_email": a.contact_email,
                "approved": a.is_approved,
            }
            for a in Adoption.objects.filter(contact_email__ifold=email.strip())
            .select_related("practice", "municipality")
            .order_by("created_at")
        ],
        "alert_subscriptions": [
            {
                "email": subscription.email,
                "filter": subscription.query,
                "language": subscription.language,
                "requested": subscription.requested_at.isoformat(),
                "confirmed": subscription.confirmed_at and subscription.confirmed_at.isoformat(),
                "sent_until": subscription.sent_until and subscription.sent_until.isoformat(),
            }
            for subscription in Subscription.objects.of_address(email).order_by("requested_at")
        ],
        # Sent to them, or naming them to someone else, whose address is not theirs to see.
        "emails": [
            {
                "to_you": m.to.casefold() == email.strip().casefold(),
                "subject": m.subject,
                "status": m.status,
                "created": m.created_at.isoformat(),
                "sent": m.sent_at and m.sent_at.isoformat(),
            }
            for m in OutgoingEmail.objects.carrying(email).order_by("created_at", "pk")
        ],
    }
    audit(
        "personal_data_export",
        user=by,
        submissions=len(data["submissions"]),
        contact_messages=len(data["contact_messages"]),
        adoption_reports=len(data["adoption_reports"]),
        alert_subscriptions=len(data["alert_subscriptions"]),
        emails=len(data["emails"]),
    )
    return data


def contact_details_remove(submissions, *, delete_attachments: bool) -> int:
    """Remove the contact details (and, on request, the attachments) of the submissions."""
    count = 0
    ids = list(submissions.values_list("pk", flat=True))
    addresses = set()
    with transaction.atomic():
        for submission in Submission.objects.filter(pk__in=ids).select_for_update():
            if submission.contact_email:
                addresses.add(submission.contact_email.lower())
            submission.contact_name = ""
            submission.contact_email = ""
            submission.contact_phone = ""
            submission.contact_erased_at = timezone.now()
            submission.save(
                update_fields=[
                    "contact_name",
                    "contact_email",
                    "contact_phone",
                    "contact_erased_at",
                    "updated_at",
                ]
            )
            if delete_attachments:
                for attachment in Attachment.objects.filter(submission=submission):
                    attachment.delete()  # the file goes after the commit
            count += 1
        # Mail to an address goes only when no submission still holds it: the same
        # person's other submission, still in review, keeps its messages.
        for address in addresses:
            if not Submission.objects.filter(contact_email__ifold=address).exists():
                OutgoingEmail.objects.filter(to__ifold=address).delete()
    return count


def personal_data_erase(*, email: str, by) -> int:
    """Erase the person's contact details and their attachments, their messages to
    practices' owners, the contact details of their adoption reports (the reports stay,
    without them), their subscriptions to alerts, and every e-mail that holds their
    address: sent to them, or naming them to someone else (see above)."""
    address = email.strip()
    count = contact_details_remove(submissions_of(email), delete_attachments=True)
    with transaction.atomic():
        messages = ContactMessage.objects.filter(sender_email__ifold=address)
        # The messages to the owners hold the address too; their link finds them
        # whatever their template says.
        carried = [m.owner_email_id for m in messages if m.owner_email_id]
        OutgoingEmail.objects.filter(pk__in=carried).delete()
        messages_erased, _ = messages.delete()
        reports_erased = Adoption.objects.filter(contact_email__ifold=address).update(
            contact_name="", contact_email="", consent=False
        )
        subscriptions_erased, _ = Subscription.objects.of_address(address).delete()
        emails_erased, _ = OutgoingEmail.objects.carrying(address).delete()
    audit(
        "personal_data_erase",
        user=by,
        submissions=count,
        contact_messages=messages_erased,
        adoption_reports=reports_erased,
        alert_subscriptions=subscriptions_erased,
        emails=emails_erased,
    )
    return count


def contact_details_expired(*, months: int, now: datetime.datetime | None = None) -> QuerySet:
    """Decided submissions whose decision is older than `months` and that still hold contacts."""
    cutoff = months_before(now or timezone.now(), months)
    return (
        Submission.objects.filter(status__in=Submission.DECIDED, contact_erased_at__isnull=True)
        .annotate(decided_at=Max("transitions__at", filter=_decision_transitions()))
        .filter(decided_at__lte=cutoff)
        .order_by("decided_at")
    )


def _decision_transitions() -> Q:
    return Q(transitions__to_status__in=[Submission.Status.ACCEPTED, Submission.Status.REJECTED])


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time `months` calendar months earlier (the last day if shorter)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def orphan_attachments(*, now: datetime.datetime | None = None) -> QuerySet:
    """Files of forms that were never sent: kept while the form can still be sent."""
    cutoff = (now or timezone.now()) - datetime.timedelta(seconds=TOKEN_MAX_AGE)
    return Attachment.objects.pending().filter(created_at__lt=cutoff)


def orphan_attachments_remove(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of forms never sent once the form is too old to be sent;
    returns how many went (each file goes once the deletion is committed)."""
    removed = 0
    for attachment in orphan_attachments(now=now):
        attachment.delete()
        removed += 1
    return removed
