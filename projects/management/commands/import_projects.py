import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from projects.importer import ImportFileError, import_projects


class Command(BaseCommand):
    help = (
        "Import archive projects from a CSV or JSON file (format: docs/projects-import.md). "
        "Rows are matched on source_id; running the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--format", choices=["csv", "json"], help="Default: from the file name."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row and report, but write nothing."
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show a progress bar."
        )

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No file at {path}.")

        def progress(rows):
            return tqdm(
                rows,
                desc="Projects",
                unit=" rows",
                file=sys.stderr,
                disable=options["no_progress"] or None,
            )

        try:
            report = import_projects(
                path, file_format=options["format"], dry_run=options["dry_run"], progress=progress
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from None

        if report.ignored_columns:
            self.stdout.write("Ignored unknown columns: " + ", ".join(report.ignored_columns))
        if report.rejected:
            self.stdout.write(self.style.WARNING(f"Rejected {report.rejected_lines} row(s):"))
            self.stdout.write("line\tfield\treason")
            for rejection in report.rejected:
                self.stdout.write(f"{rejection.line}\t{rejection.field}\t{rejection.reason}")
        verb = "Would import" if options["dry_run"] else "Imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb}: {report.created} new, {report.updated} updated, "
                f"{report.unchanged} unchanged, {report.rejected_lines} rejected."
            )
        )
