"""CSV files of lists, which spreadsheet programs open right: UTF-8 with a byte order
mark, and no cell that a spreadsheet would run as a formula."""

import csv
from collections.abc import Iterable

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """A cell shown as text: text from the public never runs as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


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
