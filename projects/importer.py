"""Import of archive projects from CSV or JSON (the format: docs/projects-import.md).

Every row is checked in full before anything is written; a row with a problem
is reported (line, field, reason) and left out, the good rows are imported in
batches, each batch in one transaction. Rows are matched on `source_id`: new
ones are created, changed ones updated, unchanged ones not touched, so running
the same file twice changes nothing.
"""

import csv
import datetime
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.text import slugify

from practices.cache import content_changed
from practices.models import Municipality, Region, TargetGroup, Theme

from .models import FundingSource, Level, Project, ProjectFunding, ProjectLink

TRANSLATED = ("name", "summary", "description", "coordinator", "partners")
LANGS = ("fi", "sv", "en")
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
    """The column names and the (line, record) pairs of a CSV or JSON file."""
    text = read_text(path)
    file_format = (file_format or path.suffix.lstrip(".")).lower()
    if file_format == "csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        columns = [name.strip() for name in (reader.fieldnames or [])]
        reader.fieldnames = columns

        def records():
            for record in reader:
                # The line where the record ends: a quoted cell may span several lines.
                yield reader.line_num, record

        return columns, records()
    if file_format == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ImportFileError(
                f"The file is not valid JSON: {error.msg} "
                f"on line {error.lineno}, column {error.colno}."
            ) from None
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise ImportFileError("The JSON file must hold a list of objects, one per project.")
        columns = sorted({key for item in data for key in item})
        return columns, ((number, item) for number, item in enumerate(data, start=1))
    raise ImportFileError(f"Unknown file format “{file_format}”: use a .csv or .json file.")


def check_columns(columns: list[str], *, is_json: bool) -> list[str]:
    """Refuse a file without the required columns; return the columns that will be ignored."""
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing and not is_json:
        raise ImportFileError(
            "The file lacks the column(s) "
            + ", ".join(missing)
            + ". The first line must name the columns; see docs/projects-import.md."
        )
    return [name for name in columns if name and name not in COLUMNS]


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


def split_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    return [part.strip() for part in re.split(r"[;\n]", str(value)) if part.strip()]


def parse_date(value: str) -> datetime.date:
    value = value.strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"“{value[:40]}” is not a date; write it as YYYY-MM-DD (or D.M.YYYY)")


def parse_budget(value: str) -> Decimal:
    cleaned = re.sub(r"[\s\u00a0€]", "", value).replace(",", ".")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"“{value[:40]}” is not an amount of euros") from None
    if amount < 0 or amount >= Decimal("1e10") or amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"“{value[:40]}” is not a plausible budget")
    return amount


def parse_links(value) -> list[tuple[str, str]]:
    links = []
    entries = (
        value
        if isinstance(value, list)
        else [line for line in str(value or "").splitlines() if line.strip()]
    )
    for entry in entries:
        if isinstance(entry, dict):
            title, url = str(entry.get("title", "")).strip(), str(entry.get("url", "")).strip()
        else:
            title, _, url = str(entry).rpartition("|")
            title, url = title.strip(), url.strip()
        try:
            check_url(url)
        except ValidationError:
            raise ValueError(
                f"“{url[:80]}” is not a web address (write each link as: title | https://…)"
            ) from None
        links.append(((title or url)[:300], url))
    return links


def text(record: dict, key: str) -> str:
    value = record.get(key)
    return "" if value is None else str(value).strip()


def check_row(line: int, record: dict, vocabulary: Vocabulary) -> ProjectRow | list[Rejection]:
    """A row ready to import, or every problem found in it."""
    problems: list[Rejection] = []

    def problem(column: str, reason: str) -> None:
        problems.append(Rejection(line, column, reason))

    source_id = text(record, "source_id")
    if not source_id:
        problem("source_id", "missing: every project needs the id of its source record")
    elif len(source_id) > 64:
        problem("source_id", "longer than 64 characters")

    values: dict = {}
    for name in TRANSLATED:
        for lang in LANGS:
            key = f"{name}_{lang}"
            value = text(record, key)
            if "\x00" in value:
                problem(key, "contains a NUL character")
            elif len(value) > MAX_LENGTH[name]:
                problem(key, f"longer than {MAX_LENGTH[name]} characters")
            values[key] = value
    if not any(values[f"name_{lang}"] for lang in LANGS):
        problem("name_fi", "missing: the project needs a name in at least one language")

    level = LEVEL_WORDS.get(text(record, "level").casefold())
    if level is None:
        problem(
            "level",
            f"“{text(record, 'level')[:40]}” is not a level; use national, regional or local",
        )
    values["level"] = level

    for key in ("start_date", "end_date"):
        raw = text(record, key)
        values[key] = None
        if raw:
            try:
                values[key] = parse_date(raw)
            except ValueError as error:
                problem(key, str(error))
    if values["start_date"] and values["end_date"] and values["end_date"] < values["start_date"]:
        problem("end_date", "ends before it starts")

    values["budget"] = None
    if raw := text(record, "budget_eur"):
        try:
            values["budget"] = parse_budget(raw)
        except ValueError as error:
            problem("budget_eur", str(error))

    values["website"] = text(record, "website")
    if values["website"]:
        try:
            check_url(values["website"])
            if len(values["website"]) > 500:
                raise ValidationError("too long")
        except ValidationError:
            problem("website", f"“{values['website'][:80]}” is not a web address")

    def terms(column: str, index: dict[str, int]) -> list[int]:
        found = []
        for name in split_list(record.get(column)):
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
    for word in split_list(record.get("funding")):
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


def project_slug(row: ProjectRow) -> str:
    name = next((row.values[f"name_{lang}"] for lang in LANGS if row.values[f"name_{lang}"]), "")
    return f"{slugify(name)[:150]}-{slugify(row.source_id)[:40]}".strip("-")


# Writing -------------------------------------------------------------------------------


RELATIONS = {
    "municipalities": "municipality_id",
    "regions": "region_id",
    "themes": "theme_id",
    "target_groups": "targetgroup_id",
}


def write_batch(rows: list[ProjectRow], report: ImportReport, *, dry_run: bool) -> None:
    """Create, update or leave each row of the batch; all of it in one transaction."""
    existing = {
        source_id: (pk, fingerprint_)
        for source_id, pk, fingerprint_ in Project.objects.filter(
            source_id__in=[row.source_id for row in rows]
        ).values_list("source_id", "pk", "source_hash")
    }
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
        return
    with transaction.atomic():
        created = Project.objects.bulk_create(
            Project(
                source_id=row.source_id,
                source_hash=row.fingerprint,
                slug=project_slug(row),
                **row.values,
            )
            for row in new
        )
        ids = {project.source_id: project.pk for project in created}
        updates = []
        for row in changed:
            project = Project(
                pk=existing[row.source_id][0], source_hash=row.fingerprint, **row.values
            )
            updates.append(project)
            ids[row.source_id] = project.pk
        if updates:
            Project.objects.bulk_update(
                updates, ["source_hash", *changed[0].values.keys()], batch_size=500
            )
        touched = [ids[row.source_id] for row in new + changed]
        for relation, column in RELATIONS.items():
            through = getattr(Project, relation).through
            through.objects.filter(project_id__in=touched).delete()
            through.objects.bulk_create(
                through(project_id=ids[row.source_id], **{column: term})
                for row in new + changed
                for term in getattr(row, relation)
            )
        ProjectFunding.objects.filter(project_id__in=touched).delete()
        ProjectFunding.objects.bulk_create(
            ProjectFunding(project_id=ids[row.source_id], source=source)
            for row in new + changed
            for source in row.funding
        )
        ProjectLink.objects.filter(project_id__in=touched).delete()
        ProjectLink.objects.bulk_create(
            ProjectLink(project_id=ids[row.source_id], title=title, url=url, position=position)
            for row in new + changed
            for position, (title, url) in enumerate(row.links)
        )
        # Bulk writes send no signals: tell the page cache ourselves.
        transaction.on_commit(content_changed)


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
    """Check and import (line, record) pairs; the records are dicts keyed by column name."""
    report = report or ImportReport()
    vocabulary = Vocabulary()
    seen: dict[str, int] = {}
    batch: list[ProjectRow] = []
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
        batch.append(checked)
        if len(batch) >= BATCH_SIZE:
            write_batch(batch, report, dry_run=dry_run)
            batch = []
    if batch:
        write_batch(batch, report, dry_run=dry_run)
    return report
