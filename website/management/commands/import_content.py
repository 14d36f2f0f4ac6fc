from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from website.backup import content_import


class Command(BaseCommand):
    help = "Restore a file made by export_content into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        if not file.is_file():
            raise CommandError(f"No file at {file}.")
        try:
            rows = content_import(file)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {rows} rows from {file}.")
