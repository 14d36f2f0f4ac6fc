"""Import of archive projects from CSV or JSON (the format: docs/projects-import.md).

Every row is checked in full before anything is written; a row with a problem
is reported (line, field, reason) and left out, the good rows are then written
in bulk, all of them in one transaction, so a failure leaves nothing half
imported. Rows are matched on `source_id`: new ones are created, changed ones
updated, unchanged ones not touched, so running the same file twice changes
nothing.

Reading the file: reading.py; checking each row: rows.py; writing: writing.py.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from website.cache import content_changed

from ..models import Project
from .reading import ImportFileError, check_columns, read_records
from .rows import ProjectRow, Rejection, Vocabulary, check_row
from .writing import BATCH_SIZE, project_slug, write_batch

__all__ = ["ImportFileError", "ImportReport", "Rejection", "import_projects", "import_records"]


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
