"""A visitor's subscription to e-mail about new practices that match a filter.

Only what the alerts need is kept: the address, the filter (a normal query string of
the list or the search, `practices.searchable.filter_query`), the language of the
messages and the times. An unconfirmed request is removed after ALERT_CONFIRM_DAYS;
unsubscribing deletes the row.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from website.i18n import LANGUAGE_CODES

from .querysets import SubscriptionQuerySet


class Subscription(models.Model):
    email = models.EmailField(_("e-mail address"), max_length=254)
    query = models.CharField(_("filter"), max_length=1000, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    # When the confirmation e-mail was last asked for; an unconfirmed request expires
    # ALERT_CONFIRM_DAYS after it.
    requested_at = models.DateTimeField(_("requested"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # Practices published up to this moment have been sent (or were there before the
    # subscription); the next digest tells of those published after it.
    sent_until = models.DateTimeField(_("new practices sent until"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert subscription")
        verbose_name_plural = _("alert subscriptions")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(Lower("email"), "query", name="alert_one_per_address_filter"),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True, sent_until__isnull=True)
                | Q(confirmed_at__isnull=False, sent_until__isnull=False),
                name="alert_confirmed_has_sent_until",
            ),
            models.CheckConstraint(
                condition=Q(language__in=LANGUAGE_CODES), name="alert_language_known"
            ),
        ]
        indexes = [
            models.Index(
                fields=["sent_until"],
                name="alert_confirmed_idx",
                condition=Q(confirmed_at__isnull=False),
            ),
            models.Index(
                fields=["requested_at"],
                name="alert_unconfirmed_idx",
                condition=Q(confirmed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.query or '*'}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
