"""Reading an import file: UTF-8 text, CSV (strict) or JSON, and its columns."""

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from website.i18n import LANGUAGE_CODES

TRANSLATED = ("name", "summary", "description", "coordinator", "partners")
REQUIRED_COLUMNS = ("source_id", "name_fi", "level")
LIST_COLUMNS = ("municipalities", "regions", "themes", "target_groups", "funding")
COLUMNS = (
    "source_id",
    *(f"{name}_{lang}" for name in TRANSLATED for lang in LANGUAGE_CODES),
    "level",
    *LIST_COLUMNS,
    "start_date",
    "end_date",
    "budget_eur",
    "website",
    "links",
)
# Far above the longest allowed cell (30,000 characters), so an over-long cell is
# reported as a row problem instead of stopping the csv module.
CSV_FIELD_SIZE_LIMIT = 1_000_000
QUOTE_ADVICE = 'A quote inside a quoted cell is written twice ("").'


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong encoding, format or columns."""


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
