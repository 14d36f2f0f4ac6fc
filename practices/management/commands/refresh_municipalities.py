"""Bring the municipalities and regions up to date from a newer official file.

    manage.py refresh_municipalities FILE [--max-ended N]

FILE is one of:

* this catalogue's own format (practices/data/municipalities-2026.csv: code, names in
  Finnish and Swedish, region and its names, population);
* Statistics Finland's classification service correspondence table municipality →
  region exported as CSV (`sourceCode;sourceName;targetCode;targetName`), which updates
  names and regions and keeps the Swedish names and populations already loaded;
* Statistics Finland's population by municipality saved as CSV from its statistics
  database (PxWeb, StatFin tables such as 11ra or 11re: a title line, then a header such
  as `"Alue";"2024 Väestö 31.12."` and rows such as `"KU049 Espoo";314024` or
  `"Espoo";314024`), which updates only the populations (the size classes follow) and
  says which year the figures reflect.

Municipalities are matched by their official code (a population file may give only the
Finnish or Swedish name). One that is missing from the classification or our own file
has merged into another: it is marked as ended (kept for the practices that refer to
it, no longer offered in forms). A file that would end more than --max-ended
municipalities (5 unless told) is refused, as it is probably not a list of the whole
country; so is a population file that leaves more than --max-ended current
municipalities without a figure. Files are read as UTF-8 (with or without a byte-order
mark) or Windows-1252, as the statistics database saves them, with lines ending in CR LF,
LF or, as Excel for Mac's "CSV (Macintosh)" saves them, CR alone.

Every line is checked before anything is written (`practices/municipalities.py`): codes
of one to three ASCII digits, a population from 0 to POPULATION_MAX, names without
control characters that fit their fields, no field the csv module cannot read (longer
than 131,072 characters). A file with one line wrong changes nothing, and the message
names the line.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from practices.models import Municipality, Region
from practices.municipalities import (
    MunicipalityFileError,
    PopulationChanges,
    municipalities_load,
    population_file_read,
    population_header,
    populations_load,
    rows_read,
    text_decoded,
)
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
    help = (
        "Update the municipalities and regions from a newer official CSV file: this "
        "catalogue's own format, Statistics Finland's classification (names and regions) "
        "or its statistics database's population by municipality (populations only)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the CSV file (UTF-8 or Windows-1252)")
        parser.add_argument(
            "--max-ended",
            type=int,
            default=5,
            help="refuse a file that would end, or leave without a population, more "
            "municipalities than this (default 5)",
        )

    def handle(self, *args, file: Path, max_ended: int, **options):
        try:
            text = text_decoded(file.read_bytes())
            with transaction.atomic():
                if population_header(text) is not None:
                    changes = populations_load(
                        Municipality=Municipality,
                        population_file=population_file_read(text),
                        max_missing=max_ended,
                    )
                else:
                    rows = rows_read(text)
                    changes = municipalities_load(
                        Region=Region, Municipality=Municipality, rows=rows, max_ended=max_ended
                    )
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except MunicipalityFileError as error:
            raise CommandError(f"{file}: {error} Nothing was changed.") from error
        if isinstance(changes, PopulationChanges):
            self.populations_report(changes)
            return
        if not changes:
            self.stdout.write(f"{len(rows)} municipalities read; nothing changed.")
            return
        content_changed()
        self.stdout.write(f"{len(rows)} municipalities read.")
        for attribute, title in REPORT:
            items = getattr(changes, attribute)
            if items:
                self.stdout.write(f"{title} ({len(items)}): {', '.join(items)}")

    def populations_report(self, changes: PopulationChanges) -> None:
        if changes.population:
            content_changed()
        year = (
            f"the population on 31 December {changes.year}"
            if changes.year
            else "populations (the file does not say of which year)"
        )
        self.stdout.write(f"{changes.read} municipalities read: {year}.")
        for items, title in (
            (changes.population, "Population changed"),
            (changes.unknown, "In the file but not a current municipality (left alone)"),
            (changes.missing, "Current municipalities without a figure in the file (kept)"),
        ):
            if items:
                self.stdout.write(f"{title} ({len(items)}): {', '.join(items)}")
        if not changes.population:
            self.stdout.write("No population changed.")
