"""Checking one row of an import file: every problem found, or a row ready to write."""

import datetime
import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from practices.models import Municipality, Region, TargetGroup, Theme
from search.facets import YEAR_RANGE
from website.i18n import LANGUAGE_CODES
from website.text import without_control_characters

from ..models import FundingSource, Level, Project, ProjectLink
from .reading import TRANSLATED

# Columns of running text, whose line breaks are kept.
MULTILINE = ("summary_", "description_", "partners_")
MAX_LENGTH = {name: Project._meta.get_field(name).max_length for name in TRANSLATED}
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
SOURCE_ID_MAX_LENGTH = Project._meta.get_field("source_id").max_length
WEBSITE_MAX_LENGTH = Project._meta.get_field("website").max_length
LINK_TITLE_MAX_LENGTH = ProjectLink._meta.get_field("title").max_length
LINK_URL_MAX_LENGTH = ProjectLink._meta.get_field("url").max_length
check_url = URLValidator(schemes=["http", "https"])


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
        # As every text of the row; a line break typed into an address makes it no address.
        title = without_control_characters(title, multiline=False)
        url = without_control_characters(url, multiline=False)
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
        for lang in LANGUAGE_CODES:
            key = f"{name}_{lang}"
            value = text(key)
            if len(value) > MAX_LENGTH[name]:
                problem(key, f"longer than {MAX_LENGTH[name]} characters")
            values[key] = value
    if not any(values[f"name_{lang}"] for lang in LANGUAGE_CODES):
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
