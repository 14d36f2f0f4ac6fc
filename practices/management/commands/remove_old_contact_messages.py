from django.conf import settings
from django.core.management.base import BaseCommand

from practices.services import contact_messages_remove_expired
from website.audit import audit


class Command(BaseCommand):
    help = (
        "Remove the messages visitors sent to practices' owners, with their e-mails, once "
        "they are older than CONTACT_MESSAGE_RETENTION_DAYS (the privacy notice). Meant to "
        "run daily."
    )

    def handle(self, *args, **options):
        count = contact_messages_remove_expired()
        if count:
            audit("contact_messages_removed", messages=count)
        days = settings.CONTACT_MESSAGE_RETENTION_DAYS
        self.stdout.write(f"Removed: {count} messages to practices' owners older than {days} days.")
