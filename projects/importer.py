"""Import of archive projects from CSV or JSON (the format: docs/projects-import.md).

Every row is checked in full before anything is written; a row with a problem
is reported (line, field, reason) and left out, the good rows are then written
in bulk, all of them in one transaction, so a failure leaves nothing half
imported. Rows are matched on `source_id`: new ones are created, changed ones
updated, unchanged ones not touched, so running the same file twice changes
nothing.
"""

import csv
import datetime
import hashlib
import io
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import chain, count, islice
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from practices.models import Municipality, Region, TargetGroup, Theme
from search.facets import YEAR_RANGE
from website.cache import content_changed
from website.text import without_control_characters

from .models import FundingSource, Level, Project, ProjectFunding, ProjectLink

TRANSLATED = ("name", "summary", "description", "coordinator", "partners")
LANGS = ("fi", "sv", "en")
# Columns of running text, whose line breaks are kept.
MULTILINE = ("summary_", "description_", "partners_")
REQUIRED_COLUMNS = ("source_id", "name_fi", "level")
LIST_COLUMNS = ("municipalities", "regions", "themes", "target_groups", "funding")
COLUMNS = (
    "source_id",
    *(f"{name}_{lang}" for name in TRANSLATED for lang in LANGS),
    "level",
    *LIST_COLUMNS,
    "start_date",
    "end_date",
    "budget_eur",
    "website",
    "links",
)
MAX_LENGTH = {
    "name": 300,
    "coordinator": 300,
    "summary": 3000,
    "description": 30000,
    "partners": 3000,
}
LEVEL_WORDS = {
    "national": Level.NATIONAL,
    "valtakunnallinen": Level.NATIONAL,
    "riksomfattande": Level.NATIONAL,
    "regional": Level.REGIONAL,
    "alueellinen": Level.REGIONAL,
    "maakunnallinen": Level.REGIONAL,
    "local": Level.LOCAL,
    "paikallinen": Level.LOCAL,
    "lokal": Level.LOCAL,
}
FUNDING_WORDS = {
    "amif": FundingSource.AMIF,
    "eusa": FundingSource.AMIF,
    "esf": FundingSource.ESF,
    "esr": FundingSource.ESF,
    "national": FundingSource.NATIONAL,
    "municipal": FundingSource.MUNICIPAL,
    "other": FundingSource.OTHER,
}
BATCH_SIZE = 1000
# Far above the longest allowed cell (30,000 characters), so an over-long cell is
# reported as a row problem instead of stopping the csv module.
CSV_FIELD_SIZE_LIMIT = 1_000_000
QUOTE_ADVICE = 'A quote inside a quoted cell is written twice ("").'
SOURCE_ID_MAX_LENGTH = Project._meta.get_field("source_id").max_length
WEBSITE_MAX_LENGTH = Project._meta.get_field("website").max_length
SLUG_MAX_LENGTH = Project._meta.get_field("slug").max_length
LINK_TITLE_MAX_LENGTH = ProjectLink._meta.get_field("title").max_length
LINK_URL_MAX_LENGTH = ProjectLink._meta.get_field("url").max_length
check_url = URLValidator(schemes=["http", "https"])


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong encoding, format or columns."""


@dataclass(frozen=True)
class Rejection:
    line: int
    field: str
    reason: str


@dataclass
class ProjectRow:
    line: int
    source_id: str
    values: dict
    municipalities: list[int]
    regions: list[int]
    themes: list[int]
    target_groups: list[int]
    funding: list[str]
    links: list[tuple[str, str]]
    fingerprint: str = ""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def rejected_lines(self) -> int:
        return len({rejection.line for rejection in self.rejected})


# Reading the file ------------------------------------------------------------------


def read_text(path: Path) -> str:
    """The file as text: UTF-8, with or without a byte order mark; anything else is refused."""
    data = path.read_bytes()
    if b"\x00" in data.partition(b"\n")[0]:
        # UTF-16 (with or without a byte order mark) has a NUL byte in every ASCII character.
        raise ImportFileError(
            "The file is not UTF-8 text: line 1 holds NUL bytes, as UTF-16 text does. "
            "Save the file as UTF-8 (for example “CSV UTF-8” in a spreadsheet program) "
            "and import it again."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            f"The file is not UTF-8 text: byte 0x{data[error.start]:02x} on line {line} "
            "cannot be read. Save the file as UTF-8 (for example “CSV UTF-8” in a "
            "spreadsheet program) and import it again."
        ) from None


def read_records(
    path: Path, file_format: str | None = None
) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    """The column names and the (line, record) pairs of a CSV or JSON file.

    A CSV record with more cells than the header has columns keeps the extra
    cells, as a list, under the key None.
    """
    text = read_text(path)
    file_format = (file_format or path.suffix.lstrip(".")).lower()
    if file_format == "csv":
        return read_csv(text)
    if file_format == "json":
        return read_json(text)
    raise ImportFileError(f"Unknown file format “{file_format}”: use a .csv or .json file.")


def read_csv(text: str) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_SIZE_LIMIT))
    # Strict: a quote that is never closed stops the reading, instead of taking the
    # rest of the file into one cell; so does text after a closing quote.
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        columns = [name.strip() for name in (reader.fieldnames or [])]
    except csv.Error as error:
        problem = csv_problem(text, error, first=1, last=reader.reader.line_num)
        raise ImportFileError(problem) from None
    check_header(columns)
    reader.fieldnames = columns

    def records():
        first = reader.line_num + 1  # where the next record begins
        try:
            for record in reader:
                # The line where the record ends: a quoted cell may span several lines.
                yield reader.line_num, record
                first = reader.line_num + 1
        except csv.Error as error:
            problem = csv_problem(text, error, first=first, last=reader.reader.line_num)
            raise ImportFileError(problem) from None

    return columns, records()


def read_json(text: str) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"The file is not valid JSON: {error.msg} on line {error.lineno}, column {error.colno}."
        ) from None
    except RecursionError:
        raise ImportFileError(
            "The JSON file is nested too deeply to be read. It must hold a list of objects, "
            "one per project, whose values are text, numbers or lists of text."
        ) from None
    except ValueError:  # the only other: an integer too long for Python to read
        raise ImportFileError(
            f"The JSON file holds a number of more than {sys.get_int_max_str_digits()} digits, "
            "which cannot be read. Correct it, or write it as text."
        ) from None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ImportFileError("The JSON file must hold a list of objects, one per project.")
    for number, item in enumerate(data, start=1):
        try:
            json.dumps(item, ensure_ascii=False).encode()
        except UnicodeEncodeError:
            raise ImportFileError(
                f"Object {number} of the list holds an escape such as \\ud800: half of a "
                "UTF-16 surrogate pair, which is no character and cannot be stored. Correct "
                "it (a character beyond \\uffff is written as a pair, such as \\ud83d\\ude00)."
            ) from None
    columns = sorted({key for item in data for key in item})
    return columns, ((number, item) for number, item in enumerate(data, start=1))


def csv_problem(text: str, error: csv.Error, *, first: int, last: int) -> str:
    """What stopped the csv module in the record on lines `first`…`last`, said where it began.

    The csv module names the line where it stopped; a quote that is never closed
    began lines or a whole file before that.
    """
    lines = islice(io.StringIO(text, newline=""), first - 1, last)
    opened = quoted_cell_start(lines, first)
    if "field larger than field limit" in str(error):
        if opened is not None:
            return (
                f"A quoted cell that starts on line {opened} runs on for more than "
                f"{CSV_FIELD_SIZE_LIMIT:,} characters: most likely its quote is never closed. "
                f"{QUOTE_ADVICE}"
            )
        return f"A cell on line {last} is longer than {CSV_FIELD_SIZE_LIMIT:,} characters."
    if opened is None:
        return f"The CSV file cannot be read on line {last}: {error}."
    if opened == last and "expected after" in str(error):
        return (
            f"On line {last} a quoted cell has text after its closing quote. Put the whole "
            f"cell in quotes. {QUOTE_ADVICE}"
        )
    if "expected after" in str(error):
        return (
            f"A quoted cell that starts on line {opened} ends with a quote on line {last} "
            f"that has text after it: if the cell should end on line {opened}, its quote is "
            f"never closed there. {QUOTE_ADVICE}"
        )
    return (
        f"A quoted cell that starts on line {opened} is never closed, so the rest of the "
        f"file would be read into it. {QUOTE_ADVICE}"
    )


def quoted_cell_start(lines: Iterable[str], first: int) -> int | None:
    """The line on which the quoted cell began that the csv module stopped in, or None.

    Follows the csv module's default dialect: a cell that begins with a quote runs to
    the next quote that is not doubled. It stops where strict mode does, at text after
    such a closing quote, or else at the end of the lines.
    """
    opened = None  # the line of the quoted cell being read
    closing = False  # the character before was a quote inside the quoted cell
    cell_start = True
    for number, line in enumerate(lines, start=first):
        for char in line:
            if opened is not None:
                if not closing:
                    closing = char == '"'
                    continue
                closing = False
                if char == '"':
                    continue  # a doubled quote: a quote of the text
                if char not in ",\r\n":
                    return opened
                opened = None
            if char == '"' and cell_start:
                opened = number
            cell_start = char in ",\r\n"
    return None if closing else opened


def check_header(columns: list[str]) -> None:
    """Refuse a CSV header with a column without a name or a column named twice."""
    for position, name in enumerate(columns, start=1):
        if not name:
            raise ImportFileError(
                f"Column {position} of the first line has no name. Name every column, "
                "or delete the empty column; see docs/projects-import.md."
            )
        if name in columns[: position - 1]:
            first = columns.index(name) + 1
            raise ImportFileError(
                f"The column “{name}” is named twice in the first line "
                f"(columns {first} and {position}); keep one of them."
            )


def check_columns(columns: list[str], *, is_json: bool) -> list[str]:
    """Refuse a file without the required columns; return the columns that will be ignored."""
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing and not is_json:
        raise ImportFileError(
            "The file lacks the column(s) "
            + ", ".join(missing)
            + ". The first line must name the columns; see docs/projects-import.md."
        )
    return [name for name in columns if name not in COLUMNS]


# Checking one row --------------------------------------------------------------------


class Vocabulary:
    """The names and slugs a row may use, looked up in memory."""

    def __init__(self):
        self.municipalities = self._index(
            Municipality.objects.values_list("pk", "slug", "name_fi", "name_sv")
        )
        self.regions = self._index(
            Region.objects.values_list("pk", "slug", "name_fi", "name_sv", "name_en")
        )
        self.themes = self._index(
            Theme.objects.values_list("pk", "slug", "name_fi", "name_sv", "name_en")
        )
        self.target_groups = self._index(
            TargetGroup.objects.values_list("pk", "slug", "name_fi", "name_sv", "name_en")
        )
        self.region_of = dict(Municipality.objects.values_list("pk", "region_id"))

    @staticmethod
    def _index(rows) -> dict[str, int]:
        index = {}
        for pk, *names in rows:
            for name in names:
                if name:
                    index[name.strip().casefold()] = pk
        return index


def json_kind(value) -> str:
    """How a value that is not text is named in a problem."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def parse_date(value: str) -> datetime.date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            day = datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
        if not YEAR_RANGE[0] <= day.year <= YEAR_RANGE[1]:
            raise ValueError(f"“{value[:40]}” is outside the years {YEAR_RANGE[0]}–{YEAR_RANGE[1]}")
        return day
    raise ValueError(f"“{value[:40]}” is not a date; write it as YYYY-MM-DD (or D.M.YYYY)")


def parse_budget(value: str) -> Decimal:
    cleaned = re.sub(r"[\s\u00a0€]", "", value)
    if re.search(r"[.,]\d{3,}$", cleaned):
        raise ValueError(
            f"“{value[:40]}” has more than two decimals; write the budget without "
            "thousands separators, e.g. 480000 or 480000,50"
        )
    try:
        amount = Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        raise ValueError(
            f"“{value[:40]}” is not an amount of euros; write it without thousands "
            "separators, e.g. 480000 or 480000,50"
        )
    if amount < 0 or amount >= Decimal("1e10") or amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"“{value[:40]}” is not a plausible budget")
    return amount


def parse_links(value) -> list[tuple[str, str]]:
    """The (title, url) pairs of a links cell: lines of `title | url`, or a JSON list."""
    if value is None:
        return []
    if isinstance(value, str):
        entries = [line for line in value.splitlines() if line.strip()]
    elif isinstance(value, list):
        entries = value
    else:
        raise ValueError(f"must be text or a list of links, not {json_kind(value)}")
    links = []
    for entry in entries:
        if isinstance(entry, dict):
            title, url = entry.get("title") or "", entry.get("url") or ""
            if not isinstance(title, str) or not isinstance(url, str):
                raise ValueError("the title and url of a link must be text")
        elif isinstance(entry, str):
            title, _, url = entry.rpartition("|")
        else:
            raise ValueError(f"a link must be text or an object, not {json_kind(entry)}")
        title, url = title.strip(), url.strip()
        if "\x00" in title or "\x00" in url:
            raise ValueError("contains a NUL character")
        title = without_control_characters(title, multiline=False)
        try:
            check_url(url)
        except ValidationError:
            raise ValueError(
                f"“{url[:80]}” is not a web address (write each link as: title | https://…)"
            ) from None
        if len(url) > LINK_URL_MAX_LENGTH:
            raise ValueError(f"“{url[:80]}…” is longer than {LINK_URL_MAX_LENGTH} characters")
        if len(title) > LINK_TITLE_MAX_LENGTH:
            raise ValueError(
                f"the title “{title[:40]}…” is longer than {LINK_TITLE_MAX_LENGTH} characters"
            )
        links.append((title or url[:LINK_TITLE_MAX_LENGTH], url))
    return links


def check_row(line: int, record: dict, vocabulary: Vocabulary) -> ProjectRow | list[Rejection]:
    """A row ready to import, or every problem found in it."""
    problems: list[Rejection] = []

    def problem(column: str, reason: str) -> None:
        problems.append(Rejection(line, column, reason))

    def text(column: str) -> str:
        """The cell as text; a JSON number counts as text, a list, object or true/false not."""
        value = record.get(column)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            problem(column, f"must be text, not {json_kind(value)}")
            return ""
        value = str(value).strip()
        if "\x00" in value:
            problem(column, "contains a NUL character")
            return ""
        # Other control characters go, as they do from forms (practices/text.py).
        return without_control_characters(value, multiline=column.startswith(MULTILINE))

    def items(column: str) -> list[str]:
        """The items of a list cell: text separated by `;` (or lines), or a JSON list of text."""
        value = record.get(column)
        if value is None:
            return []
        if isinstance(value, str):
            parts = re.split(r"[;\n]", value)
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            parts = value
        else:
            problem(column, "must be text separated by “;” or a list of text")
            return []
        parts = [part.strip() for part in parts if part.strip()]
        if any("\x00" in part for part in parts):
            problem(column, "contains a NUL character")
            return []
        return [without_control_characters(part, multiline=False) for part in parts]

    if extra := [cell for cell in record.get(None) or [] if cell.strip()]:
        problem(
            "row",
            f"has {len(extra)} cell(s) more than the first line has columns "
            "(is there an unquoted comma in a cell?)",
        )

    source_id = text("source_id")
    if not source_id:
        if "source_id" not in {rejection.field for rejection in problems}:
            problem("source_id", "missing: every project needs the id of its source record")
    elif len(source_id) > SOURCE_ID_MAX_LENGTH:
        problem("source_id", f"longer than {SOURCE_ID_MAX_LENGTH} characters")

    values: dict = {}
    for name in TRANSLATED:
        for lang in LANGS:
            key = f"{name}_{lang}"
            value = text(key)
            if len(value) > MAX_LENGTH[name]:
                problem(key, f"longer than {MAX_LENGTH[name]} characters")
            values[key] = value
    if not any(values[f"name_{lang}"] for lang in LANGS):
        problem("name_fi", "missing: the project needs a name in at least one language")

    level_word = text("level")
    level = LEVEL_WORDS.get(level_word.casefold())
    if level is None:
        problem("level", f"“{level_word[:40]}” is not a level; use national, regional or local")
    values["level"] = level

    for key in ("start_date", "end_date"):
        values[key] = None
        if raw := text(key):
            try:
                values[key] = parse_date(raw)
            except ValueError as error:
                problem(key, str(error))
    if values["start_date"] and values["end_date"] and values["end_date"] < values["start_date"]:
        problem("end_date", "ends before it starts")

    values["budget"] = None
    if raw := text("budget_eur"):
        try:
            values["budget"] = parse_budget(raw)
        except ValueError as error:
            problem("budget_eur", str(error))

    values["website"] = text("website")
    if values["website"]:
        try:
            check_url(values["website"])
            if len(values["website"]) > WEBSITE_MAX_LENGTH:
                raise ValidationError("too long")
        except ValidationError:
            problem("website", f"“{values['website'][:80]}” is not a web address")

    def terms(column: str, index: dict[str, int]) -> list[int]:
        found = []
        for name in items(column):
            pk = index.get(name.casefold())
            if pk is None:
                problem(column, f"unknown: “{name[:60]}”")
            elif pk not in found:
                found.append(pk)
        return found

    municipalities = terms("municipalities", vocabulary.municipalities)
    regions = terms("regions", vocabulary.regions)
    for municipality in municipalities:
        region = vocabulary.region_of[municipality]
        if region not in regions:
            regions.append(region)
    themes = terms("themes", vocabulary.themes)
    target_groups = terms("target_groups", vocabulary.target_groups)

    funding = []
    for word in items("funding"):
        source = FUNDING_WORDS.get(word.casefold())
        if source is None:
            problem(
                "funding",
                f"unknown: “{word[:40]}”; use amif (eusa), esf, national, municipal or other",
            )
        elif source not in funding:
            funding.append(source.value)

    try:
        links = parse_links(record.get("links"))
    except ValueError as error:
        problem("links", str(error))
        links = []

    if problems:
        return problems
    row = ProjectRow(
        line=line,
        source_id=source_id,
        values=values,
        municipalities=sorted(municipalities),
        regions=sorted(regions),
        themes=sorted(themes),
        target_groups=sorted(target_groups),
        funding=sorted(funding),
        links=links,
    )
    row.fingerprint = fingerprint(row)
    return row


def fingerprint(row: ProjectRow) -> str:
    """A hash of everything the row sets; equal hashes mean nothing to update."""
    data = {
        "values": {key: str(value) for key, value in sorted(row.values.items())},
        "relations": [row.municipalities, row.regions, row.themes, row.target_groups, row.funding],
        "links": row.links,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def project_slug(row: ProjectRow, taken: set[str]) -> str:
    """A slug not in `taken`: from the name and the source id, never empty.

    On a clash (two ids that slugify alike, such as `K 1` and `K-1`) a short hash of
    the source id is added, so the same file gives the same slugs every time.
    """
    name = next((row.values[f"name_{lang}"] for lang in LANGS if row.values[f"name_{lang}"]), "")
    digest = hashlib.sha256(row.source_id.encode()).hexdigest()[:8]
    parts = (slugify(name)[:150].strip("-"), slugify(row.source_id)[:40].strip("-"))
    base = "-".join(part for part in parts if part) or f"project-{digest}"
    room = SLUG_MAX_LENGTH - len(digest) - 8
    candidates = chain(
        [base, f"{base}-{digest}"], (f"{base[:room]}-{digest}-{n}" for n in count(2))
    )
    return next(slug for slug in candidates if slug not in taken)


# Writing -------------------------------------------------------------------------------


RELATIONS = {
    "municipalities": "municipality_id",
    "regions": "region_id",
    "themes": "theme_id",
    "target_groups": "targetgroup_id",
}


def write_batch(
    new: list[ProjectRow],
    changed: list[ProjectRow],
    existing: dict[str, int],
    slugs: dict[str, str],
    now: datetime.datetime,
) -> None:
    """Create the new rows and update the changed ones, with their relations, in bulk.

    An update writes the same fields as a create, the untranslated base columns
    that modeltranslation keeps included, and sets `updated_at`; the slug stays.
    """
    created = Project.objects.bulk_create(
        Project(
            source_id=row.source_id,
            source_hash=row.fingerprint,
            slug=slugs[row.source_id],
            **row.values,
        )
        for row in new
    )
    ids = {project.source_id: project.pk for project in created}
    updates = []
    for row in changed:
        project = Project(
            pk=existing[row.source_id], source_hash=row.fingerprint, updated_at=now, **row.values
        )
        updates.append(project)
        ids[row.source_id] = project.pk
    if updates:
        # Without rewrite(False) modeltranslation would turn the base columns into
        # those of the active language, and the base columns would keep old text.
        Project.objects.rewrite(False).bulk_update(
            updates,
            ["source_hash", "updated_at", *TRANSLATED, *changed[0].values.keys()],
            batch_size=500,
        )
    rows = new + changed
    touched = [ids[row.source_id] for row in rows]
    for relation, column in RELATIONS.items():
        through = getattr(Project, relation).through
        through.objects.filter(project_id__in=touched).delete()
        through.objects.bulk_create(
            through(project_id=ids[row.source_id], **{column: term})
            for row in rows
            for term in getattr(row, relation)
        )
    ProjectFunding.objects.filter(project_id__in=touched).delete()
    ProjectFunding.objects.bulk_create(
        ProjectFunding(project_id=ids[row.source_id], source=source)
        for row in rows
        for source in row.funding
    )
    ProjectLink.objects.filter(project_id__in=touched).delete()
    ProjectLink.objects.bulk_create(
        ProjectLink(project_id=ids[row.source_id], title=title, url=url, position=position)
        for row in rows
        for position, (title, url) in enumerate(row.links)
    )


def import_projects(
    path: Path,
    *,
    file_format: str | None = None,
    dry_run: bool = False,
    progress: Callable[[Iterable], Iterable] = lambda rows: rows,
) -> ImportReport:
    """Import the file; raises ImportFileError if the file as a whole cannot be read."""
    columns, records = read_records(path, file_format)
    is_json = (file_format or path.suffix.lstrip(".")).lower() == "json"
    report = ImportReport(ignored_columns=check_columns(columns, is_json=is_json))
    return import_records(records, report=report, dry_run=dry_run, progress=progress)


def import_records(
    records: Iterable[tuple[int, dict]],
    *,
    report: ImportReport | None = None,
    dry_run: bool = False,
    progress: Callable[[Iterable], Iterable] = lambda rows: rows,
) -> ImportReport:
    """Check every (line, record) pair, then write the good rows in one transaction.

    The records are dicts keyed by column name. Nothing is written before the last
    record is checked; a dry run does everything but the writing.
    """
    report = report or ImportReport()
    vocabulary = Vocabulary()
    seen: dict[str, int] = {}
    rows: list[ProjectRow] = []
    for line, record in progress(records):
        checked = check_row(line, record, vocabulary)
        if isinstance(checked, list):
            report.rejected.extend(checked)
            continue
        if checked.source_id in seen:
            report.rejected.append(
                Rejection(
                    line,
                    "source_id",
                    f"“{checked.source_id}” is also on line {seen[checked.source_id]}",
                )
            )
            continue
        seen[checked.source_id] = line
        rows.append(checked)

    existing: dict[str, tuple[int, str]] = {}
    taken: set[str] = set()
    for source_id, pk, source_hash, slug in Project.objects.values_list(
        "source_id", "pk", "source_hash", "slug"
    ):
        existing[source_id] = (pk, source_hash)
        taken.add(slug)
    new = [row for row in rows if row.source_id not in existing]
    changed = [
        row
        for row in rows
        if row.source_id in existing and existing[row.source_id][1] != row.fingerprint
    ]
    report.created += len(new)
    report.updated += len(changed)
    report.unchanged += len(rows) - len(new) - len(changed)
    if dry_run or not (new or changed):
        return report

    slugs = {}
    for row in new:
        slugs[row.source_id] = project_slug(row, taken)
        taken.add(slugs[row.source_id])
    pks = {source_id: pk for source_id, (pk, _) in existing.items()}
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, max(len(new), len(changed)), BATCH_SIZE):
            write_batch(
                new[start : start + BATCH_SIZE],
                changed[start : start + BATCH_SIZE],
                pks,
                slugs,
                now,
            )
        # Bulk writes send no signals: tell the page cache ourselves.
        transaction.on_commit(content_changed, robust=True)
    return report
