from django.conf import settings
from django.core.management.base import BaseCommand

from alerts.services import subscriptions_remove_expired
from website.audit import audit


class Command(BaseCommand):
    help = (
        "Remove the requests for e-mail alerts not confirmed within ALERT_CONFIRM_DAYS, with "
        "their confirmation e-mails (the privacy notice). Meant to run daily."
    )

    def handle(self, *args, **options):
        count = subscriptions_remove_expired()
        if count:
            audit("alert_requests_removed", requests=count)
        days = settings.ALERT_CONFIRM_DAYS
        self.stdout.write(f"Removed: {count} alert requests not confirmed in {days} days.")
