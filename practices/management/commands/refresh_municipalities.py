"""Bring the municipalities and regions up to date from a newer official file.

    manage.py refresh_municipalities FILE [--max-ended N]

FILE is either this catalogue's own format (practices/data/municipalities-2026.csv:
code, names in Finnish and Swedish, region and its names, population) or Statistics
Finland's classification service correspondence table municipality → region exported
as CSV (`sourceCode;sourceName;targetCode;targetName`), which updates names and
regions and keeps the Swedish names and populations already loaded. Municipalities are
matched by their official code. One that is missing from the file has merged into
another: it is marked as ended (kept for the practices that refer to it, no longer
offered in forms). A file that would end more than --max-ended municipalities (5 unless
told) is refused, as it is probably not a list of the whole country.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from practices.models import Municipality, Region
from practices.municipalities import MunicipalityFileError, municipalities_load, rows_read
from website.cache import content_changed

REPORT = (
    ("regions_added", "New regions"),
    ("added", "New municipalities"),
    ("renamed", "Renamed"),
    ("moved", "Moved to another region"),
    ("population", "Population changed"),
    ("ended", "Ended (merged into another municipality)"),
)


class Command(BaseCommand):
    help = "Update the municipalities and regions from a newer official CSV file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--max-ended", type=int, default=5)

    def handle(self, *args, file: Path, max_ended: int, **options):
        try:
            rows = rows_read(file.read_text(encoding="utf-8-sig"))
            with transaction.atomic():
                changes = municipalities_load(
                    Region=Region, Municipality=Municipality, rows=rows, max_ended=max_ended
                )
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} is not UTF-8 text.") from error
        except MunicipalityFileError as error:
            raise CommandError(f"{file}: {error} Nothing was changed.") from error
        if not changes:
            self.stdout.write(f"{len(rows)} municipalities read; nothing changed.")
            return
        content_changed()
        self.stdout.write(f"{len(rows)} municipalities read.")
        for attribute, title in REPORT:
            items = getattr(changes, attribute)
            if items:
                self.stdout.write(f"{title} ({len(items)}): {', '.join(items)}")
