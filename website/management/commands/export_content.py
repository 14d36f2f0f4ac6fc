from pathlib import Path

from django.core.management.base import BaseCommand

from website.audit import audit
from website.backup import content_export


class Command(BaseCommand):
    help = "Export all content (and the attachments) to one zip file, for backups and moves."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        counts = content_export(file)
        audit("export_content", rows=sum(counts.values()))
        self.stdout.write(
            f"Exported {sum(counts.values())} rows of {len(counts)} models to {file}."
        )
