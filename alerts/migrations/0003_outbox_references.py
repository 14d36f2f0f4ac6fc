"""The e-mail queued for alert subscriptions before the outbox had references gets its
subscription's reference, so that removing a subscription (left, or not confirmed in
time) removes its e-mail as the privacy notice says.

A message is told by the signed link it carries, the only thing in it that names one
subscription: the confirmation link of a confirmation, the unsubscribe link of a digest
(in its body and its List-Unsubscribe header). The links are read without their age:
an old confirmation is still its subscription's. A message whose link names no
subscription of its own address is left as it was.
"""

import re

from django.core import signing
from django.db import migrations

from alerts.tokens import CONFIRM_SALT, UNSUBSCRIBE_SALT
from outbox.models import reference_to

# A signed token as a segment of a link: the value, [the time,] the signature.
TOKEN = re.compile(r"/([\w.-]+:[\w:-]+)/")
SIGNERS = [signing.TimestampSigner(salt=CONFIRM_SALT), signing.Signer(salt=UNSUBSCRIBE_SALT)]


def subscription_named(text: str) -> int | None:
    """The key of the subscription a link in `text` names, if any."""
    for token in TOKEN.findall(text):
        for signer in SIGNERS:
            try:
                pk, _fingerprint = signer.unsign_object(token)
                return int(pk)
            except (signing.BadSignature, ValueError, TypeError):
                continue
    return None


def add_references(apps, schema_editor):
    Subscription = apps.get_model("alerts", "Subscription")
    OutgoingEmail = apps.get_model("outbox", "OutgoingEmail")
    subscriptions = {subscription.pk: subscription for subscription in Subscription.objects.all()}
    addresses = {subscription.email.casefold() for subscription in subscriptions.values()}
    unmarked = OutgoingEmail.objects.filter(reference="").only("to", "body", "headers")
    for message in unmarked.iterator():
        if message.to.casefold() not in addresses:
            continue
        pk = subscription_named(f"{message.body} {message.headers.get('List-Unsubscribe', '')}")
        subscription = subscriptions.get(pk)
        if subscription and subscription.email.casefold() == message.to.casefold():
            message.reference = reference_to(subscription)
            message.save(update_fields=["reference"])


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0002_roles"),
        ("outbox", "0071_outgoingemail_reference"),
    ]

    operations = [migrations.RunPython(add_references, migrations.RunPython.noop)]
