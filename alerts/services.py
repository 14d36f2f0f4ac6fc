"""The writes of the alerts: a request with its confirmation e-mail, confirming,
leaving, the digests, and removing what has expired.

Every e-mail goes through the outbox, queued in the same transaction as the change it
tells of. The digest of a subscription is claimed by moving its `sent_until` forward in
one conditional UPDATE, in the transaction that queues its e-mail: two runs at once
never send the same practice twice, and a run that fails sends nothing and claims
nothing.
"""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from outbox.models import OutgoingEmail, reference_to
from outbox.services import email_queue, email_queue_to_typed_address, typed_address_has_room
from practices.models import Practice
from practices.searchable import PRACTICES, SEARCH_PARAMETER, FilterRefused, practices_matching

from .filters import filter_described
from .models import Subscription
from .tokens import CONFIRM_SALT, UNSUBSCRIBE_SALT, token_make

logger = logging.getLogger(__name__)

# A second request for the same address and filter within this time sends no second
# confirmation (a double click, or someone filling in another's address again and again).
CONFIRM_RESEND_AFTER = datetime.timedelta(hours=1)
CONFIRM_TEMPLATE = "alerts/email/confirm"
UNSUBSCRIBE_HEADER = "List-Unsubscribe"
# Practices told of in one digest; the rest are behind the link to the list.
DIGEST_MAX = 20


def site_address(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


class SubscriptionRefused(Exception):
    """The request was not taken; the message says why, in the visitor's language."""


ADDRESS_FULL = gettext_lazy(
    "No confirmation can be sent to this address now: it has already been sent as many "
    "e-mails from this site in the last 24 hours as one address may get. Nothing was "
    "saved; please ask again tomorrow."
)


def subscription_request(
    *, email: str, query: str, language: str, now: datetime.datetime | None = None
) -> None:
    """Ask for alerts of `query` to `email`: a new request gets the confirmation e-mail.

    The visitor is told the same whatever happens here, so that nobody learns whether an
    address is subscribed: a confirmed subscription stays as it is, and an unconfirmed
    one gets the confirmation again only after CONFIRM_RESEND_AFTER. Only an address
    that has had as many e-mails from the site's forms in the last 24 hours as one may
    get (`outbox.services.typed_address_has_room`) is refused, with SubscriptionRefused,
    and that before its subscriptions are looked at.
    """
    now = now or timezone.now()
    email = email.strip()
    try:
        with transaction.atomic():
            if not typed_address_has_room(email, now=now):
                raise SubscriptionRefused(str(ADDRESS_FULL))
            existing = (
                Subscription.objects.of_address(email).filter(query=query).select_for_update()
            ).first()
            if existing is None:
                subscription = Subscription.objects.create(
                    email=email, query=query, language=language, requested_at=now
                )
            elif existing.is_confirmed or now - existing.requested_at < CONFIRM_RESEND_AFTER:
                return
            else:
                subscription = existing
                subscription.language, subscription.requested_at = language, now
                subscription.save(update_fields=["language", "requested_at"])
            confirmation_queue(subscription)
    except IntegrityError:
        # The same request at the same moment (a double click): the other one sends it.
        return


def confirmation_queue(subscription: Subscription) -> OutgoingEmail:
    """Queue the confirmation; in the transaction that found the address has room."""
    with translation.override(subscription.language):
        confirmation = email_queue_to_typed_address(
            to=subscription.email,
            template=CONFIRM_TEMPLATE,
            language=subscription.language,
            reference=reference_to(subscription),
            now=subscription.requested_at,
            context={
                "filter": filter_described(subscription.query),
                "days": settings.ALERT_CONFIRM_DAYS,
                "confirm_url": site_address(
                    reverse(
                        "alerts:confirm",
                        args=[token_make(subscription, salt=CONFIRM_SALT)],
                    )
                ),
            },
        )
    if confirmation is None:
        raise SubscriptionRefused(str(ADDRESS_FULL))
    return confirmation


def subscription_confirm(
    *, subscription: Subscription, now: datetime.datetime | None = None
) -> Subscription:
    """The address is confirmed: from now on, new practices of the filter are sent
    (those already published are not)."""
    now = now or timezone.now()
    Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
        confirmed_at=now, sent_until=now
    )
    subscription.refresh_from_db()
    return subscription


def subscription_cancel(*, subscription: Subscription) -> None:
    """Unsubscribe: nothing of the subscription is kept, nor the e-mail sent for it."""
    with transaction.atomic():
        subscription_mail(subscription).delete()
        Subscription.objects.filter(pk=subscription.pk).delete()


def subscriptions_remove_expired(*, now: datetime.datetime | None = None) -> int:
    """Remove the requests not confirmed in time, with their confirmation e-mails."""
    now = now or timezone.now()
    removed = 0
    with transaction.atomic():
        for subscription in Subscription.objects.expired(now).select_for_update():
            subscription_mail(subscription).delete()
            subscription.delete()
            removed += 1
    return removed


def subscription_mail(subscription: Subscription) -> QuerySet:
    """The e-mail the outbox holds for this subscription, its confirmations and its
    digests: each is queued with the subscription's reference."""
    return OutgoingEmail.objects.about(subscription)


def unsubscribe_url(subscription: Subscription) -> str:
    return site_address(
        reverse("alerts:unsubscribe", args=[token_make(subscription, salt=UNSUBSCRIBE_SALT)])
    )


def list_path(query: str) -> str:
    """The list (or, with search words, the search) that shows what the filter lets through."""
    if SEARCH_PARAMETER in QueryDict(query):
        return f"{reverse('search:search')}?type={PRACTICES.kind}&{query}"
    return reverse("practices:list") + (f"?{query}" if query else "")


def digest_practices(subscription: Subscription, until: datetime.datetime):
    """The practices published after the subscription's last digest, up to `until`, that
    its filter lets through: by the same rule as the list, the search and the feed
    (FilterRefused if the list's filterset no longer accepts the filter)."""
    new = Practice.objects.published().filter(
        published_at__gt=subscription.sent_until, published_at__lte=until
    )
    return practices_matching(QueryDict(subscription.query), new).order_by("published_at", "id")


def digest_send(*, subscription_id: int, now: datetime.datetime) -> bool:
    """Queue the digest of one subscription: True if it had new practices to tell of.

    Claimed, not locked: `sent_until` moves from the value read to `now` in one
    conditional UPDATE, which only one run can win; the e-mail is queued in the same
    transaction, so a failure leaves both as they were, to be tried on the next run.
    """
    with transaction.atomic():
        subscription = Subscription.objects.confirmed().filter(pk=subscription_id).first()
        if subscription is None or subscription.sent_until >= now:
            return False
        with translation.override(subscription.language):
            try:
                practices = list(digest_practices(subscription, now))
            except FilterRefused as refused:
                # Never more than the filter asked for: nothing is sent, and nothing is
                # claimed, so that the practices published meanwhile follow if an editor
                # brings the term back. The log says which subscription, every run.
                logger.warning(
                    "Alert subscription %s is held: the list no longer accepts its filter "
                    "%r (%s); nothing is sent until it does.",
                    subscription.pk,
                    subscription.query,
                    refused,
                )
                return False
            claimed = Subscription.objects.filter(
                pk=subscription.pk, sent_until=subscription.sent_until
            ).update(sent_until=now)
            if not claimed or not practices:
                return False
            unsubscribe = unsubscribe_url(subscription)
            email_queue(
                to=subscription.email,
                template="alerts/email/digest",
                language=subscription.language,
                reference=reference_to(subscription),
                context={
                    "practices": practices[:DIGEST_MAX],
                    "more": max(0, len(practices) - DIGEST_MAX),
                    "count": len(practices),
                    "filter": filter_described(subscription.query),
                    "list_url": site_address(list_path(subscription.query)),
                    "unsubscribe_url": unsubscribe,
                },
                headers={
                    UNSUBSCRIBE_HEADER: f"<{unsubscribe}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
    return True


def digests_send(*, now: datetime.datetime | None = None) -> int:
    """Queue the digest of every confirmed subscription that has news; returns how many."""
    now = now or timezone.now()
    sent = 0
    for subscription_id in Subscription.objects.due(now).values_list("pk", flat=True):
        sent += digest_send(subscription_id=subscription_id, now=now)
    return sent
