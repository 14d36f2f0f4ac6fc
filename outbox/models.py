"""The outbox: e-mail waiting to be sent, or sent (see services.py)."""

import json
import re

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from website.text import email_address


class OutgoingEmailStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    SENT = "sent", _("sent")
    FAILED = "failed", _("gave up")


def reference_to(record: models.Model) -> str:
    """What the messages about one record are marked with: its model's label and its key,
    such as "alerts.subscription:42"."""
    return f"{record._meta.label_lower}:{record.pk}"


# The characters an address is made of in practice: one that these continue is another
# address (rita@example.net is not in margarita@example.net or rita@example.network).
# Every character a local part may hold (RFC 5322 atext), and the dot.
ADDRESS_BEFORE = r"[\w.!#$%&'*+/=?^`{|}~-]"
ADDRESS_AFTER = r"[\w-]|\.[\w-]"


def address_in(text: str, address: str) -> bool:
    """Whether the whole address is in the text, case ignored in every alphabet."""
    pattern = rf"(?<!{ADDRESS_BEFORE}){re.escape(address.casefold())}(?!{ADDRESS_AFTER})"
    return re.search(pattern, text.casefold()) is not None


class OutgoingEmailQuerySet(models.QuerySet):
    def about(self, record: models.Model) -> "OutgoingEmailQuerySet":
        """The messages queued about `record` (`email_queue(reference=reference_to(record))`)."""
        return self.filter(reference=reference_to(record))

    def carrying(self, email: str) -> "OutgoingEmailQuerySet":
        """The messages that hold the address: sent to it, or naming it in the subject,
        the body or a header (a message to a practice's owner names the visitor who
        wrote, and an approved adoption report its reporter), for the export and the
        erasure of a person's data (`submissions/privacy.py`). Whole addresses only;
        case is ignored in every alphabet, as `ifold` ignores it."""
        address = email_address(email)
        if not address:
            return self.none()
        candidates = self.filter(
            Q(to__ifold=address)
            | Q(subject__ifoldcontains=address)
            | Q(body__ifoldcontains=address)
            | Q(headers__ifoldcontains=address)
        ).only("to", "subject", "body", "headers")
        found = [
            message.pk
            for message in candidates
            if message.to.casefold() == address.casefold()
            or any(
                address_in(text, address)
                for text in (
                    message.subject,
                    message.body,
                    json.dumps(message.headers, ensure_ascii=False),
                )
            )
        ]
        return self.filter(pk__in=found)


class OutgoingEmail(models.Model):
    """An e-mail waiting to be sent, or sent. Saved with the change that causes it,
    so a mail server that is down delays the message but never loses it."""

    Status = OutgoingEmailStatus

    to = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    # Extra header lines of the message, such as List-Unsubscribe (RFC 2369, RFC 8058).
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # Sent to an address a visitor typed on a public form (a confirmation, a copy):
    # counted for the daily allowance of such an address (services.typed_address_has_room).
    to_typed_address = models.BooleanField(
        _("to an address typed by a visitor"), default=False, editable=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # The record the message is about, for the app that queued it to find its messages
    # again (`reference_to`, `OutgoingEmail.objects.about`); the outbox knows no app.
    reference = models.CharField(_("about"), max_length=100, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mail")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="email_pending_idx",
                condition=Q(status=OutgoingEmailStatus.PENDING),
            ),
            models.Index(
                fields=["reference"], name="email_reference_idx", condition=~Q(reference="")
            ),
            # The e-mail of the last day to addresses typed by visitors, counted per address.
            models.Index(
                fields=["created_at"],
                name="email_typed_address_idx",
                condition=Q(to_typed_address=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
