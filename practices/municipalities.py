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
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.text import slugify

from website.text import without_control_characters

from . import models as current

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


# What a file may hold, checked line by line before anything is written (a file from
# elsewhere may be hostile or broken): codes of ASCII digits only ("²" and "٥" pass
# str.isdigit()), a population the field can hold and no municipality exceeds, names
# without control characters that fit their fields. The lengths are those of today's
# fields, which the shipped file's migration shares.
MUNICIPALITY_CODE = re.compile(r"[0-9]{1,3}")
REGION_CODE = re.compile(r"[0-9]{1,2}")
POPULATION = re.compile(r"-?[0-9]+")
POPULATION_MAX = 10_000_000  # more people than live in the whole of Finland
NAMES = {
    "name_fi": ("the Finnish name", current.Municipality._meta.get_field("name_fi").max_length),
    "name_sv": ("the Swedish name", current.Municipality._meta.get_field("name_sv").max_length),
    "region_fi": ("the region's Finnish name", current.Region._meta.get_field("name").max_length),
    "region_sv": ("the region's Swedish name", current.Region._meta.get_field("name").max_length),
    "region_en": ("the region's English name", current.Region._meta.get_field("name").max_length),
}


def code_checked(value: str, *, line: int) -> str:
    """A municipality's code as three ASCII digits ("5" is "005")."""
    if not MUNICIPALITY_CODE.fullmatch(value):
        raise MunicipalityFileError(
            f"Line {line}: the municipality code {value!r} is not a number of 1 to 3 digits."
        )
    return value.zfill(3)


def region_code_checked(value: str, *, line: int) -> str:
    if not REGION_CODE.fullmatch(value):
        raise MunicipalityFileError(
            f"Line {line}: the region code {value!r} is not a number of 1 or 2 digits."
        )
    return value.zfill(2)


def shown(value: str) -> str:
    """A value of the file as a message quotes it: a long one by its start and length."""
    return value if len(value) <= 40 else f"{value[:20]}… ({len(value)} characters)"


def population_checked(value: str, *, line: int) -> int:
    """A population as the file writes it (spaces between the thousands allowed).

    Its digits are counted before int() reads them: Python refuses to read a number of
    more than 4,300 digits (a ValueError, not a message naming the line)."""
    digits = "".join(value.split())
    if not POPULATION.fullmatch(digits):
        raise MunicipalityFileError(
            f"Line {line}: the population is not a number: {shown(value)!r}."
        )
    significant = digits.lstrip("-").lstrip("0") or "0"
    if digits.startswith("-") and significant != "0":
        raise MunicipalityFileError(
            f"Line {line}: the population cannot be negative: {shown(value)}."
        )
    if len(significant) > len(str(POPULATION_MAX)) or int(significant) > POPULATION_MAX:
        raise MunicipalityFileError(
            f"Line {line}: the population {shown(value)} is more than any municipality has "
            f"(at most {POPULATION_MAX})."
        )
    return int(significant)


def name_checked(value: str, *, column: str, line: int) -> str:
    """A name without control characters, within its field's length."""
    what, max_length = NAMES[column]
    name = without_control_characters(value, multiline=False).strip()
    if len(name) > max_length:
        raise MunicipalityFileError(
            f"Line {line}: {what} is {len(name)} characters long; at most {max_length} fit."
        )
    return name


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


def csv_records(reader, *, first: int = 1) -> Iterator[tuple[int, list[str]]]:
    """The records of a csv reader, each with the number of the line it ends on (the
    reader's first line is `first`). What the csv module cannot read, such as a field
    longer than its limit of 131,072 characters, is refused, naming the line."""
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            line = reader.line_num + first - 1
            raise MunicipalityFileError(f"Line {line} is not readable CSV: {error}.") from error
        yield reader.line_num + first - 1, record


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
    # newline="": the csv module ends a line at "\r\n", "\n" or, as Excel for Mac's
    # "CSV (Macintosh)" writes, "\r" alone.
    records = csv_records(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    _line, header = next(records, (1, []))
    header = [name.strip().strip('"') for name in header]
    if all(column in header for column in CLASSIFICATION_COLUMNS):
        columns = CLASSIFICATION_COLUMNS
    else:
        columns = {column: column for column in COLUMNS}
        missing = [column for column in COLUMNS if column not in header]
        if missing:
            raise MunicipalityFileError(f"The file has no column {', '.join(missing)}.")
    rows = []
    for number, cells in records:
        if not cells:
            continue  # a blank line
        record = dict(zip(header, cells, strict=False))
        values = {ours: record.get(theirs, "").strip() for theirs, ours in columns.items()}
        values["code"] = code_checked(values["code"], line=number)
        values["region_code"] = region_code_checked(values["region_code"], line=number)
        for column in NAMES.keys() & values.keys():
            values[column] = name_checked(values[column], column=column, line=number)
        if not values["name_fi"] or not values["region_fi"]:
            raise MunicipalityFileError(f"Line {number}: a Finnish name is missing.")
        if "population" in values:
            values["population"] = population_checked(values["population"], line=number)
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
            or Region.objects.filter(code="", slug=_slug(Region, row.region_fi)).first()
            or Region(slug=_free_slug(Region, row.region_fi, row.region_code))
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


def _slug(model, name: str) -> str:
    """The name's slug, cut to the slug column's length (slugify may make a name longer:
    "㎒" is "mhz")."""
    return slugify(name)[: model._meta.get_field("slug").max_length].strip("-")


def _free_slug(model, name: str, code: str) -> str:
    """A slug for a new row: the name's, or when another row has it (two names that
    differ only in case), the name's cut short to leave room for "-<code>"."""
    slug = _slug(model, name) or code
    if not model.objects.filter(slug=slug).exists():
        return slug
    room = model._meta.get_field("slug").max_length - len(code) - 1
    return f"{slug[:room].rstrip('-')}-{code}"


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
            town = Municipality(slug=_free_slug(Municipality, row.name_fi, row.code))
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


# Statistics Finland's statistics database (PxWeb, StatFin tables such as 11ra "Key
# figures on population by region" or 11re "Population according to age and sex") saves a
# table as CSV with a title line, a blank line, then a header: the area column ("Alue",
# "Område", "Area"), maybe other classifying columns ("Vuosi", "Ikä", "Sukupuoli"), and
# the figures, whose headers may carry the year and the sex, e.g.
#
#   "11re -- Väestö iän (1-v.) ja sukupuolen mukaan alueittain, 1972-2018"
#
#   "Alue","Ikä","Miehet 2018 Väestö 31.12.","Naiset 2018 Väestö 31.12."
#   "KOKO MAA","Yhteensä",2723290,2794629
#   "Akaa","Yhteensä",8331,8280
#
# The area is a name ("Akaa") or a code and a name ("KU020 Akaa", "MK01 Uusimaa"). The
# file is comma- or semicolon-separated, in Windows-1252 or UTF-8; "." marks a figure
# that is missing.
AREA_COLUMNS = {"alue", "område", "area", "kunta", "kommun", "municipality"}
YEAR_COLUMNS = {"vuosi", "år", "year"}
POPULATION_LABELS = ("väestö", "väkiluku", "befolkning", "folkmängd", "population")
TOTAL_WORDS = ("yhteensä", "total", "totalt", "kaikki")
SEX_WORDS = ("miehet", "naiset", "män", "kvinnor", "males", "females", "men", "women")
COUNTRY = {"koko maa", "hela landet", "whole country", "ssss", "sss"}
MISSING = {".", "..", "...", "....", "-", ""}
AREA_CODE = re.compile(r"^([A-Za-z]{2,3})?([0-9]{1,3})(?:\s+(.*))?$")
YEAR = re.compile(r"\b(19|20)\d\d\b")


@dataclass(frozen=True)
class Figure:
    """One municipality's population as a statistics file gives it."""

    label: str  # the area as the file writes it, for the report
    code: str | None
    name: str
    population: int | None  # None: the file marks the figure as missing


@dataclass
class PopulationFile:
    figures: list[Figure]
    year: int | None  # the year whose 31 December the figures reflect


@dataclass
class PopulationChanges:
    """What a population refresh did, for the command's report."""

    year: int | None
    read: int = 0
    population: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def text_decoded(data: bytes) -> str:
    """The text of a file Statistics Finland or a spreadsheet saved: UTF-8 (with or
    without a byte-order mark) or, failing that, Windows-1252 as PxWeb writes by default."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")  # every byte is a character


def _cells(line: str, *, number: int) -> tuple[list[str], str]:
    delimiter = ";" if line.count(";") > line.count(",") else ","
    _number, cells = next(
        csv_records(csv.reader([line], delimiter=delimiter), first=number), (number, [])
    )
    return [cell.strip() for cell in cells], delimiter


def population_header(text: str) -> int | None:
    """The line number of a statistics-database population header in `text`, or None
    when the file is not such an export."""
    for number, line in enumerate(text.lstrip("\ufeff").splitlines()[:6]):
        cells, _delimiter = _cells(line, number=number + 1)
        lowered = [cell.lower() for cell in cells]
        if any(cell in AREA_COLUMNS for cell in lowered) and any(
            label in cell for cell in lowered for label in POPULATION_LABELS
        ):
            return number
    return None


def _year(text: str) -> int | None:
    match = YEAR.search(text)
    return int(match.group()) if match else None


def _population_column(header: list[str], columns: list[int]) -> tuple[list[int], int | None]:
    """The columns to add up for one municipality's population, and their year."""
    years = {index: _year(header[index]) for index in columns}
    latest = max((year for year in years.values() if year), default=None)
    chosen = [index for index in columns if years[index] == latest]
    if len(chosen) == 1:
        return chosen, latest
    totals = [i for i in chosen if any(word in header[i].lower() for word in TOTAL_WORDS)]
    if len(totals) == 1:
        return totals, latest
    if all(any(word in header[i].lower().split() for word in SEX_WORDS) for i in chosen):
        return chosen, latest  # men and women in columns of their own
    names = ", ".join(f'"{header[i]}"' for i in chosen)
    raise MunicipalityFileError(f"Which of the columns {names} is the population?")


def population_file_read(text: str) -> PopulationFile:
    """The populations of a statistics-database export (see the comment above)."""
    text = text.lstrip("\ufeff")
    start = population_header(text)
    if start is None:
        raise MunicipalityFileError("The file has no area column and population column.")
    lines = text.splitlines()[start:]
    header, delimiter = _cells(lines[0], number=start + 1)
    lowered = [cell.lower() for cell in header]
    area = next(i for i, cell in enumerate(lowered) if cell in AREA_COLUMNS)
    year_column = next((i for i, cell in enumerate(lowered) if cell in YEAR_COLUMNS), None)
    values = [
        i
        for i, cell in enumerate(lowered)
        if i not in (area, year_column) and any(label in cell for label in POPULATION_LABELS)
    ]
    classifiers = [i for i in range(len(header)) if i not in (area, year_column, *values)]
    columns, year = _population_column(header, values)
    records = []
    for number, cells in csv_records(csv.reader(lines[1:], delimiter=delimiter), first=start + 2):
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if len(cells) != len(header):
            message = f"Line {number} has {len(cells)} columns, not {len(header)}."
            raise MunicipalityFileError(message)
        if any(not any(w in cells[i].lower() for w in TOTAL_WORDS) for i in classifiers):
            continue  # one age group or one sex: the file's total row is the one to read
        records.append((number, cells))
    if year_column is not None:
        years = {_year(cells[year_column]) for _number, cells in records} - {None}
        year = max(years, default=year)
        records = [(n, cells) for n, cells in records if _year(cells[year_column]) == year]
    figures, seen = [], set()
    for number, cells in records:
        label = without_control_characters(cells[area], multiline=False)  # it is reported
        match = AREA_CODE.match(label)
        country = {label.lower(), label.lower().split(" ", 1)[-1]} & COUNTRY
        if country or (match and (match.group(1) or "KU").upper() != "KU"):
            continue  # the whole country, a region or another kind of area
        code = match.group(2).zfill(3) if match else None
        name = (match.group(3) or "") if match else label
        raw = ["".join(cells[i].split()) for i in columns]
        if any(value in MISSING for value in raw):
            population = None
        else:
            total = sum(population_checked(value, line=number) for value in raw)
            population = population_checked(str(total), line=number)
        key = code or name.lower()
        if key in seen:
            raise MunicipalityFileError(f"Line {number}: {label} appears twice.")
        seen.add(key)
        figures.append(Figure(label=label, code=code, name=name, population=population))
    if not figures:
        raise MunicipalityFileError("The file lists no municipalities.")
    return PopulationFile(figures=figures, year=year)


def populations_load(
    *,
    Municipality,  # noqa: N803 (a model class)
    population_file: PopulationFile,
    max_missing: int | None = None,
) -> PopulationChanges:
    """Bring the current municipalities' populations in line with a statistics file;
    nothing else changes. Rows are matched by code, or failing that by official name."""
    changes = PopulationChanges(year=population_file.year, read=len(population_file.figures))
    towns = list(Municipality.objects.filter(ended_on__isnull=True).exclude(code=""))
    by_code = {town.code: town for town in towns}
    by_name = {town.name_sv.lower(): town for town in towns}
    by_name.update({town.name_fi.lower(): town for town in towns})  # Finnish first
    given = set()
    for figure in population_file.figures:
        town = by_code.get(figure.code) if figure.code else by_name.get(figure.name.lower())
        if town is None:
            changes.unknown.append(figure.label)
            continue
        if figure.population is None:
            continue
        given.add(town.pk)
        if town.population != figure.population:
            changes.population.append(f"{town.name_fi}: {town.population} → {figure.population}")
            town.population = figure.population
            town.save(update_fields=["population"])
    changes.missing = sorted(town.name_fi for town in towns if town.pk not in given)
    if max_missing is not None and len(changes.missing) > max_missing:
        raise MunicipalityFileError(
            f"The file gives no population for {len(changes.missing)} municipalities: "
            "is it the whole country?"
        )
    return changes
