"""The signed links of the alerts: confirming a subscription and leaving it.

A token names one subscription by its id and a keyed fingerprint of its address, so a
link works for that subscription only, never reveals the address, and cannot be
guessed. The confirmation link lasts as long as an unconfirmed request is kept
(ALERT_CONFIRM_DAYS); the unsubscribe link of a digest works for as long as the
subscription exists.
"""

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import Subscription

CONFIRM_SALT = "alerts.confirm"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"


def _fingerprint(subscription: Subscription) -> str:
    return salted_hmac("alerts.address", subscription.email.casefold()).hexdigest()[:16]


def _signer(salt: str) -> signing.Signer:
    # A confirmation link runs out, so it carries its time; an unsubscribe link does not,
    # and is the same in every digest of a subscription.
    return signing.TimestampSigner(salt=salt) if salt == CONFIRM_SALT else signing.Signer(salt=salt)


def token_make(subscription: Subscription, *, salt: str) -> str:
    payload = [subscription.pk, _fingerprint(subscription)]
    return _signer(salt).sign_object(payload, compress=True)


class InvalidLink(Exception):
    """A link that was forged, cut short or has run out."""


def token_read(token: str, *, salt: str) -> Subscription | None:
    """The subscription the token names, or None when it is gone (unsubscribed, or an
    unconfirmed request removed). Raises InvalidLink for a link that is not ours or
    has run out."""
    signer = _signer(salt)
    try:
        if isinstance(signer, signing.TimestampSigner):
            max_age = settings.ALERT_CONFIRM_DAYS * 24 * 60 * 60
            pk, fingerprint = signer.unsign_object(token, max_age=max_age)
        else:
            pk, fingerprint = signer.unsign_object(token)
        pk = int(pk)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise InvalidLink from error
    subscription = Subscription.objects.filter(pk=pk).first()
    if subscription is None or not constant_time_compare(
        str(fingerprint), _fingerprint(subscription)
    ):
        return None
    return subscription
