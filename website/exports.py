"""CSV files of lists, which spreadsheet programs open right: UTF-8 with a byte order
mark, and no cell that a spreadsheet would run as a formula. `FilteredCsvView` is
any list, filtered as on its page, as such a file. The editors' small tables also come
as CSV for a Finnish-locale spreadsheet (`fi_csv_response`) and as Excel workbooks
(`xlsx_response`)."""

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.views import View
from openpyxl import Workbook

from . import limits
from .limits import Running

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """A cell shown as text: text from the public never runs as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


# At most one download at a time for one visitor and EXPORTS_AT_ONCE for everyone: a whole
# archive streams for seconds, and even within their hourly rate (EXPORT_RATE) a visitor
# must not be able to tie up every worker.
EXPORTS_RUNNING = Running("export", per_visitor=1, total=settings.EXPORTS_AT_ONCE)


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, header: list, rows: Iterable[list]) -> StreamingHttpResponse:
    """Stream the rows as a CSV download, so that a long list never sits in memory."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"
        yield writer.writerow([csv_safe(cell) for cell in header])
        for row in rows:
            yield writer.writerow([csv_safe(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def fi_cell(value) -> str:
    """A cell as a Finnish-locale spreadsheet reads it: a decimal comma, text safe."""
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    return csv_safe(value)


def fi_csv_response(filename: str, header: list, rows: Iterable[list]) -> HttpResponse:
    """A small table as a CSV download for a Finnish-locale spreadsheet (Excel, LibreOffice
    with the Finnish language setting): `;` between cells, a decimal comma, UTF-8 with a
    byte order mark. The name says so (`…-fi.csv`): such a file is not for programs that
    expect commas."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([fi_cell(cell) for cell in header])
    writer.writerows([fi_cell(cell) for cell in row] for row in rows)
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(filename: str, sheets: list[tuple[str, list, Iterable[list]]]) -> HttpResponse:
    """Sheets of (title, header, rows) as an Excel workbook. Numbers stay numbers; text
    never runs as a formula."""
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([csv_safe(cell) for cell in header])
        for row in rows:
            sheet.append(
                [cell if isinstance(cell, int | float) else csv_safe(cell) for cell in row]
            )
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def in_chunks(queryset, size: int) -> Iterator[list]:
    """The queryset's objects in lists of `size`, read in chunks from the database."""
    chunk = []
    for obj in queryset.iterator(chunk_size=size):
        chunk.append(obj)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def names_per_object(relation, ids: list[int], names: dict[int, str]) -> dict[int, list[str]]:
    """The names of a many-to-many relation's terms (e.g. `Project.themes`) for these
    objects, in the order of `names`, read from the join table in one query.

    For long exports: prefetch_related would make a model instance and a queryset
    for every object, which costs more than the rest of a CSV row together.
    """
    source = relation.field.m2m_column_name()
    target = relation.field.m2m_reverse_name()
    found = defaultdict(list)
    for owner, term in relation.through.objects.filter(**{f"{source}__in": ids}).values_list(
        source, target
    ):
        found[owner].append(term)
    order = {pk: position for position, pk in enumerate(names)}
    return {
        owner: [names[term] for term in sorted(terms, key=order.__getitem__)]
        for owner, terms in found.items()
    }


@dataclass(frozen=True)
class Column:
    """One column of a CSV file: its header, and its cell for an object. `cell(obj,
    related)` gets what `FilteredCsvView.related` read for the object's chunk."""

    header: str
    cell: Callable[[Any, dict], Any]


class FilteredCsvView(View):
    """A list filtered as on its page (the list's FilterSet and query string), as a CSV
    file streamed in chunks, with a limit of downloads per address (EXPORT_RATE).

    Subclasses give `filterset_class`, `filename`, `get_queryset()` and `columns()`;
    `related(ids)` reads, once per chunk, what the columns need of related tables.
    """

    filterset_class: type
    filename: str
    chunk_size = 500

    def get_queryset(self):
        raise NotImplementedError

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def related(self, ids: list[int]) -> dict:
        return {}

    def get(self, request, *args, **kwargs):
        slots = EXPORTS_RUNNING.acquire(request)
        if slots is None:
            return limits.refused(request, seconds=60, template="export_limit.html", busy=True)
        try:
            if refusal := limits.rate_refused(request, "export", template="export_limit.html"):
                EXPORTS_RUNNING.release(slots)
                return refusal
            filterset = self.filterset_class(request.GET, queryset=self.get_queryset())
            # Validate the filters now: once streaming has begun, the status is already sent.
            matching = filterset.qs
            columns = self.columns()
        except BaseException:
            EXPORTS_RUNNING.release(slots)
            raise

        def rows():
            for chunk in in_chunks(matching, self.chunk_size):
                related = self.related([obj.pk for obj in chunk])
                for obj in chunk:
                    yield [column.cell(obj, related) for column in columns]

        response = csv_response(self.filename, [column.header for column in columns], rows())
        response.streaming_content = EXPORTS_RUNNING.held(slots, response.streaming_content)
        return response
