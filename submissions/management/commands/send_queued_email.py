from django.core.management.base import BaseCommand

from submissions.mail import email_send_due


class Command(BaseCommand):
    help = "Send queued e-mail whose time has come (run every few minutes, e.g. from cron)."

    def handle(self, *args, **options):
        sent, failed = email_send_due()
        self.stdout.write(f"Sent {sent}, not sent {failed}.")
