from django.conf import settings
from django.core.management.base import BaseCommand

from submissions.privacy import (
    contact_details_expired,
    contact_details_remove,
    orphan_attachments,
    orphan_attachments_remove,
)
from website.audit import audit


class Command(BaseCommand):
    help = (
        "Remove the contact details of submissions decided more than CONTACT_RETENTION_MONTHS "
        "ago, and files of forms never sent. Meant to run daily; remove_unsent_files removes "
        "those files hourly."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=settings.CONTACT_RETENTION_MONTHS)
        parser.add_argument("--dry-run", action="store_true", help="List what would be removed.")

    def handle(self, *args, months, dry_run, **options):
        expired = contact_details_expired(months=months)
        orphans = orphan_attachments()
        for submission in expired:
            self.stdout.write(
                f"{submission.reference}\tdecided {submission.decided_at:%Y-%m-%d}\tcontact details"
            )
        for attachment in orphans:
            self.stdout.write(f"-\tuploaded {attachment.created_at:%Y-%m-%d}\tfile never sent")
        if dry_run:
            self.stdout.write(
                f"Would remove: {expired.count()} contact details, {orphans.count()} files."
            )
            return
        removed = contact_details_remove(expired, delete_attachments=False)
        files = orphan_attachments_remove()
        audit("retention_run", removed=removed, files=files)
        self.stdout.write(f"Removed: {removed} contact details, {files} files.")
