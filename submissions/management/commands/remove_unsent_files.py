from django.core.management.base import BaseCommand

from submissions.privacy import orphan_attachments_remove
from website.audit import audit


class Command(BaseCommand):
    help = (
        "Remove the files of forms never sent, once the form is too old to be sent (a day). "
        "Meant to run hourly: until they go, they count against the PENDING_* limits."
    )

    def handle(self, *args, **options):
        files = orphan_attachments_remove()
        if files:
            audit("unsent_files_removed", files=files)
        self.stdout.write(f"Removed: {files} files of forms never sent.")
