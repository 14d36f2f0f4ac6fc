import datetime

from django.conf import settings
from django.db import models


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self) -> "SubscriptionQuerySet":
        """Subscriptions whose address has been confirmed: the only ones sent digests."""
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self) -> "SubscriptionQuerySet":
        return self.filter(confirmed_at__isnull=True)

    def expired(self, now: datetime.datetime) -> "SubscriptionQuerySet":
        """Requests not confirmed within ALERT_CONFIRM_DAYS: to be removed."""
        cutoff = now - datetime.timedelta(days=settings.ALERT_CONFIRM_DAYS)
        return self.unconfirmed().filter(requested_at__lt=cutoff)

    def of_address(self, email: str) -> "SubscriptionQuerySet":
        return self.filter(email__ifold=email.strip())

    def due(self, now: datetime.datetime) -> "SubscriptionQuerySet":
        """Confirmed subscriptions that have not yet been told of what was published by `now`."""
        return self.confirmed().filter(sent_until__lt=now)
