from django.core.management.base import BaseCommand
from django.utils import timezone

from submissions.notices import jury_notices_send
from website.audit import audit


class Command(BaseCommand):
    help = (
        "Queue the e-mail due to jury members: assigned to a call, submissions sent to "
        "them, and a reminder a few days before the review deadline if reviews are "
        "missing. Each is sent once (a record of what was sent), so it can run as often "
        "as wanted; meant for a timer every 15 minutes."
    )

    def handle(self, *args, **options):
        queued = jury_notices_send(today=timezone.localdate())
        if queued:
            audit("jury_notified", emails=queued)
        self.stdout.write(f"Queued: {queued} e-mails to jury members.")
