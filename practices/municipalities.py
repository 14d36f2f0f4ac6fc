"""Finland's municipalities and regions, loaded from an official file.

The shipped file is `data/municipalities-2026.csv` (its source and year in
`data/README.md`). The same loader serves the data migration, `load_demo` and
`refresh_municipalities`, so it takes the model classes as arguments: a migration
passes its historical models. Rows are matched by their official code, so a practice
that refers to a municipality keeps it through every refresh; a municipality that
leaves the division (merged into another) is marked as ended, never deleted.
"""

import csv
import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.text import slugify

DATA_FILE = Path(__file__).resolve().parent / "data" / "municipalities-2026.csv"
COLUMNS = (
    "code",
    "name_fi",
    "name_sv",
    "region_code",
    "region_fi",
    "region_sv",
    "region_en",
    "population",
)


class MunicipalityFileError(ValueError):
    """The file is not one this loader reads; the message says why."""


# Statistics Finland's classification service exports a correspondence table
# (municipality → region) as a semicolon-separated CSV with these columns; it names the
# municipalities and regions in one language and has no populations.
CLASSIFICATION_COLUMNS = {
    "sourceCode": "code",
    "sourceName": "name_fi",
    "targetCode": "region_code",
    "targetName": "region_fi",
}


@dataclass(frozen=True)
class Row:
    """A municipality of the file; None where the file does not say (keep what is known)."""

    code: str
    name_fi: str
    region_code: str
    region_fi: str
    name_sv: str | None = None
    region_sv: str | None = None
    region_en: str | None = None
    population: int | None = None


@dataclass
class Changes:
    """What a load did, for the command's report."""

    added: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    population: list[str] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)
    regions_added: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any(vars(self).values())


def rows_read(text: str) -> list[Row]:
    """The rows of a municipality file, in either of two formats:

    * this catalogue's own (the shipped file): comma- or semicolon-separated, with a
      header naming the columns of COLUMNS;
    * Statistics Finland's classification service, the correspondence table
      municipality → region exported as CSV (`sourceCode;sourceName;targetCode;
      targetName`, other columns ignored): names and regions only, so Swedish names
      and populations stay as they are.
    """
    text = text.lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().strip('"') for name in reader.fieldnames or []]
    reader.fieldnames = header
    if all(column in header for column in CLASSIFICATION_COLUMNS):
        columns = CLASSIFICATION_COLUMNS
    else:
        columns = {column: column for column in COLUMNS}
        missing = [column for column in COLUMNS if column not in header]
        if missing:
            raise MunicipalityFileError(f"The file has no column {', '.join(missing)}.")
    rows = []
    for number, record in enumerate(reader, start=2):
        values = {ours: (record[theirs] or "").strip() for theirs, ours in columns.items()}
        if not values["code"].isdigit() or not values["region_code"].isdigit():
            raise MunicipalityFileError(f"Line {number}: the codes must be numbers.")
        if not values["name_fi"] or not values["region_fi"]:
            raise MunicipalityFileError(f"Line {number}: a Finnish name is missing.")
        if "population" in values:
            try:
                values["population"] = int(values["population"].replace(" ", ""))
            except ValueError as error:
                message = f"Line {number}: the population is not a number."
                raise MunicipalityFileError(message) from error
        values["code"] = values["code"].zfill(3)
        values["region_code"] = values["region_code"].zfill(2)
        rows.append(Row(**values))
    codes = [row.code for row in rows]
    if len(set(codes)) != len(codes):
        raise MunicipalityFileError("The same municipality code appears twice.")
    if not rows:
        raise MunicipalityFileError("The file lists no municipalities.")
    return rows


def shipped_rows() -> list[Row]:
    return rows_read(DATA_FILE.read_text(encoding="utf-8"))


def _region(Region, row: Row, regions: dict, changes: Changes):  # noqa: N803 (a model class)
    region = regions.get(row.region_code)
    if region is None:
        region = (
            Region.objects.filter(code="", name_fi__iexact=row.region_fi).first()
            or Region.objects.filter(code="", slug=slugify(row.region_fi)).first()
            or Region(slug=_free_slug(Region, slugify(row.region_fi), row.region_code))
        )
        if region.pk is None:
            changes.regions_added.append(row.region_fi)
    names = {"code": row.region_code, "name": row.region_fi, "name_fi": row.region_fi}
    names.update({"name_sv": row.region_sv, "name_en": row.region_en})
    names = {name: value for name, value in names.items() if value}
    if region.pk is None or any(getattr(region, name) != value for name, value in names.items()):
        for name, value in names.items():
            setattr(region, name, value)
        region.save()
    regions[row.region_code] = region
    return region


def _free_slug(model, slug: str, code: str) -> str:
    slug = slug or code
    return slug if not model.objects.filter(slug=slug).exists() else f"{slug}-{code}"


def municipalities_load(
    *,
    Region,  # noqa: N803 (model classes, historical ones in a migration)
    Municipality,  # noqa: N803
    rows: Iterable[Row],
    today: datetime.date | None = None,
    max_ended: int | None = None,
) -> Changes:
    """Bring the regions and municipalities in line with `rows`; idempotent."""
    changes = Changes()
    today = today or datetime.date.today()
    regions = {region.code: region for region in Region.objects.exclude(code="")}
    by_code = {town.code: town for town in Municipality.objects.exclude(code="")}
    seen = set()
    for row in rows:
        region = _region(Region, row, regions, changes)
        town = by_code.get(row.code)
        if town is None:
            town = Municipality.objects.filter(code="", name_fi__iexact=row.name_fi).first()
        if town is None:
            if row.population is None:
                raise MunicipalityFileError(
                    f"{row.name_fi} ({row.code}) is new, and the file gives no population."
                )
            town = Municipality(slug=_free_slug(Municipality, slugify(row.name_fi), row.code))
            changes.added.append(row.name_fi)
        name_sv = town.name_sv if row.name_sv is None else row.name_sv
        population = town.population if row.population is None else row.population
        if town.pk and town.code:
            if (town.name_fi, town.name_sv) != (row.name_fi, name_sv):
                changes.renamed.append(f"{town.name_fi} → {row.name_fi} / {name_sv}")
            if town.region_id != region.pk:
                changes.moved.append(f"{row.name_fi}: {row.region_fi}")
            if town.population != population:
                changes.population.append(f"{row.name_fi}: {town.population} → {population}")
        values = {"code": row.code, "name_fi": row.name_fi, "name_sv": name_sv}
        values.update({"population": population, "region_id": region.pk, "ended_on": None})
        if town.pk is None or any(getattr(town, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(town, name, value)
            town.save()
        seen.add(row.code)
    leaving = Municipality.objects.exclude(code="").filter(ended_on__isnull=True)
    leaving = leaving.exclude(code__in=seen)
    if max_ended is not None and leaving.count() > max_ended:
        raise MunicipalityFileError(
            f"The file would end {leaving.count()} municipalities: is it the whole country?"
        )
    for town in leaving:
        town.ended_on = today
        town.save(update_fields=["ended_on"])
        changes.ended.append(town.name_fi)
    return changes
