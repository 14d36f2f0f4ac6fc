from django.core.management.base import BaseCommand

from alerts.services import digests_send


class Command(BaseCommand):
    help = (
        "Queue, through the outbox, one e-mail to each confirmed alert subscription with the "
        "practices published since its last one that match its filter. Safe to run again "
        "and on several machines at once: nothing is sent twice. Meant to run daily."
    )

    def handle(self, *args, **options):
        count = digests_send()
        self.stdout.write(f"Alerts queued: {count}.")
