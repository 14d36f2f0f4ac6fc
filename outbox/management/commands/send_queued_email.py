import time

from django.core.management.base import BaseCommand

from outbox.services import email_send_due


class Command(BaseCommand):
    help = (
        "Send queued e-mail whose time has come: from a timer every minute, or as a "
        "worker with --every. Several may run at once; each message is sent by one."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="Keep running, sending what is due every SECONDS seconds.",
        )

    def handle(self, *args, every=None, **options):
        while True:
            sent, failed = email_send_due()
            if sent or failed or not every:
                self.stdout.write(f"Sent {sent}, not sent {failed}.")
            if not every:
                return
            time.sleep(every)
