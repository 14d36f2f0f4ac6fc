"""Faceted lists: filters whose every choice shows how many results it would give.

Used by the practice list, the archive of projects and the search. The terms
of all vocabulary facets are read in one query; the counts are made in memory from
the facets' index (`FacetIndex`, built once per version of the public content) and
the rows of the list, read in one more query at most (`FacetCount`), so a list
costs no more queries whatever is chosen.
"""

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections, models
from django.db.models import F, Q, QuerySet, Value
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from website.cache import content_version
from website.i18n import LANGUAGE_CODES, collation_key, fallback_order

from .engine import ranked_term


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: list[FacetOption]
    errors: list[str]

    @property
    def selected_count(self) -> int:
        return sum(option.selected for option in self.options)


@dataclass(frozen=True)
class Term:
    """A vocabulary term as a facet shows it: its id, its slug and its name for the visitor."""

    pk: int
    slug: str
    name: str


def load_terms(vocabularies: dict[str, type[models.Model]]) -> dict[str, list[Term]]:
    """The terms of several vocabularies in one query, named in the visitor's language.

    Each model needs `slug` and a translated `name`; a `position` orders the
    terms where the model has one.
    """
    names = [f"name_{code}" for code in LANGUAGE_CODES]
    querysets = []
    for facet, model in vocabularies.items():
        has_position = any(field.name == "position" for field in model._meta.fields)
        querysets.append(
            model.objects.order_by()
            .annotate(
                facet=Value(facet, output_field=models.CharField()),
                order=models.F("position") if has_position else Value(0),
            )
            .values_list("facet", "pk", "slug", "order", *names)
        )
    rows = querysets[0].union(*querysets[1:], all=True) if len(querysets) > 1 else querysets[0]
    order = fallback_order()
    collected: dict[str, list[tuple]] = {facet: [] for facet in vocabularies}
    for facet, pk, slug, position, *translations in rows:
        by_lang = dict(zip(LANGUAGE_CODES, translations, strict=True))
        name = next((by_lang[code] for code in order if by_lang.get(code)), slug)
        collected[facet].append((position, collation_key(name), Term(pk=pk, slug=slug, name=name)))
    return {facet: [term for *_, term in sorted(rows)] for facet, rows in collected.items()}


YEAR_RANGE = (1900, 2100)


class YearsField(forms.MultipleChoiceField):
    """Years typed as numbers; any plausible year is accepted without a database look-up."""

    default_error_messages = {"invalid_choice": _("%(value)s is not a year.")}

    def valid_value(self, value) -> bool:
        # Four ASCII digits: "²" passes isdigit() and 5,000 digits pass it too, but
        # int() refuses both.
        return (
            isinstance(value, str)
            and re.fullmatch(r"[0-9]{4}", value) is not None
            and YEAR_RANGE[0] <= int(value) <= YEAR_RANGE[1]
        )


# For the API schema: a year as a number, the same range the field accepts.
@extend_schema_field({"type": "integer", "minimum": YEAR_RANGE[0], "maximum": YEAR_RANGE[1]})
class YearsFilter(django_filters.MultipleChoiceFilter):
    field_class = YearsField


class RelatedChoicesFilter(django_filters.MultipleChoiceFilter):
    """Choose values of a many-valued relation (`themes__slug`, `funding__source`).

    Filtered with `pk IN (…)` over the relation's own table rather than a join:
    a row with two chosen values is listed once, with no DISTINCT over the wide
    rows, and the database reads only the small relation table.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, distinct=False, **kwargs)

    def filter(self, qs: QuerySet, value: list[str]) -> QuerySet:
        if not value:
            return qs
        relation, _, lookup = self.field_name.partition("__")
        field = qs.model._meta.get_field(relation)
        if field.many_to_many:
            rows = field.remote_field.through.objects
            owner, lookup = field.m2m_field_name(), f"{field.m2m_reverse_field_name()}__{lookup}"
        else:  # the other side of a foreign key, such as a project's funding
            rows, owner = field.related_model.objects, field.field.name
        return qs.filter(pk__in=rows.filter(**{f"{lookup}__in": value}).values(owner))


class FlagsFilter(django_filters.MultipleChoiceFilter):
    """Choose among yes/no fields of the row itself (a practice suits small, medium or
    large municipalities): a row passes when any chosen field is true.

    `flags` maps each choice to its field; the test is the fields themselves, on the
    row, not a look-up in another table.
    """

    def __init__(self, *args, flags: dict[str, str], **kwargs):
        self.flags = flags
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)

    def condition(self, value: list[str]) -> Q:
        """Any of the chosen fields is true."""
        condition = Q()
        for choice in value:
            condition |= Q(**{self.flags[choice]: True})
        return condition

    def filter(self, qs: QuerySet, value: list[str]) -> QuerySet:
        return qs.filter(self.condition(value)) if value else qs


class TermsFilter(RelatedChoicesFilter):
    """Choose terms of a vocabulary by slug; the choices are set by the filterset."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "error_messages", {"invalid_choice": _("%(value)s is not one of the choices.")}
        )
        super().__init__(*args, choices=[], **kwargs)


class FacetedFilterSet(django_filters.FilterSet):
    """A filterset that is always bound and can count each facet's options.

    Subclasses name their vocabulary facets in `vocabularies` (facet name →
    model), list every facet in `facet_names`, and give counters in
    `facet_counters()`.
    """

    vocabularies: dict[str, type[models.Model]] = {}
    facet_names: tuple[str, ...] = ()

    def __init__(self, data=None, *args, search_results: bool = False, **kwargs):
        # Always bound, so that an empty query is validated like any other.
        super().__init__(data if data is not None else QueryDict(), *args, **kwargs)
        # A search's results keep their order by relevance unless the visitor sorts,
        # and their matches are costly to find: the counts find them only once.
        self.search_results = search_results
        self.terms = load_terms(self.vocabularies) if self.vocabularies else {}
        for facet, terms in self.terms.items():
            facet_filter = self.filters[facet]
            choices = [(term.slug, term.name) for term in terms]
            facet_filter.extra["choices"] = choices
            # A form field made earlier from the class's filters (the API schema generator
            # makes one) is copied with the filter, with no choices: give it these.
            facet_filter.field.choices = choices

    def selected(self, facet: str) -> set[str]:
        return set(self.data.getlist(facet))

    @property
    def has_selection(self) -> bool:
        return any(self.selected(facet) for facet in self.facet_names)

    def chosen(self) -> dict:
        """The valid choices of each facet; a value the form refused is left out."""
        self.form.is_valid()
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if name in self.facet_names and value not in (None, "", [])
        }

    def facet_counters(self) -> dict[str, "Counter"]:
        """How each facet counts its options."""
        raise NotImplementedError

    def term_counts(self, facet: str, hits: dict[str, int]) -> list[tuple[str, str, int]]:
        """A vocabulary facet's options, from the hits of each term id."""
        return [(term.slug, term.name, hits.get(str(term.pk), 0)) for term in self.terms[facet]]

    def count(self) -> "Counted":
        """How many rows match, and every facet with how many each of its options would give.

        At most one query, whatever is chosen, once the facets' index is built (see
        `FacetCount`).
        """
        counters = self.facet_counters()
        hits = FacetCount(self, counters).run()
        facets = []
        for name in self.facet_names:
            selected = self.selected(name)
            options = [
                FacetOption(value=value, label=label, count=count, selected=value in selected)
                for value, label, count in counters[name].options(hits.get(name, {}))
                if count or value in selected
            ]
            errors = [str(error) for error in self.form.errors.get(name, [])]
            facets.append(Facet(name, self.filters[name].label, options, errors))
        return Counted(total=hits.get("", {}).get("", 0), facets=facets)


class FacetIndex:
    """Every option of every facet of one kind of list, kept ahead of time: for each
    option, the rows that have it, as a bit set (a Python int with one bit a row; the
    rows' ids are integers).

    Counting is then done in memory: an option's count is the number of rows that
    match, pass the other facets' choices and have the option,
    `(matches & passing & option).bit_count()`, every option of every facet in well
    under a millisecond, where the database joined each facet's relation table to
    every match (docs/performance.md).

    Built once per version of the public content (`website.cache.content_version()`,
    moved on by every save of a public row, as the cached pages are), in each process,
    when a list of the kind is first counted under that version. Besides the options
    it remembers the rows lists are drawn from (the published practices) and of recent
    choices (a facet's chosen values, as that facet's own filter finds them).
    """

    REMEMBERED = 64  # lists and choices kept, the least recently used dropped first

    def __init__(self, version, ids: list[int], options: dict[str, dict[str, list[int]]]):
        self.version = version
        # A row's bit is its id less the lowest, while ids run with few gaps; where
        # they do not (many rows deleted), its place among the ids, at a look-up a row.
        self.lowest, highest = (min(ids), max(ids)) if ids else (0, -1)
        self.size = highest - self.lowest + 1
        self.places = None
        if self.size > 2 * len(ids) + 64:
            self.places = {pk: n for n, pk in enumerate(sorted(ids))}
            self.lowest, self.size = 0, len(ids)
        self.options = {
            name: {value: self.bits(pks) for value, pks in found.items()}
            for name, found in options.items()
        }
        self._remembered: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def bits(self, pks: Iterable[int]) -> int:
        """The bit set of these rows (ids the index does not know are left out).

        Written as the binary digits of a number, one character a row, which Python
        reads at once (`int(digits, 2)`): far quicker than setting bits one by one."""
        digits = bytearray(b"0") * self.size
        top = self.size - 1 + self.lowest  # bit n is the digit at top - n
        places = self.places
        for pk in pks:
            if places is not None:
                pk = places.get(pk, -1)
            if self.lowest <= pk <= top:
                digits[top - pk] = 49  # "1"
        return int(digits, 2) if digits else 0

    def remembered(self, key) -> int | None:
        with self._lock:
            if key in self._remembered:
                self._remembered.move_to_end(key)
            return self._remembered.get(key)

    def remember(self, key, rows: int) -> None:
        with self._lock:
            self._remembered[key] = rows
            while len(self._remembered) > self.REMEMBERED:
                self._remembered.popitem(last=False)

    def count(self, base: int, chosen: dict[str, int]) -> dict[str, dict[str, int]]:
        """{facet: {option as text: hits}} among the `base` rows, each facet among the rows
        that pass the other facets' `chosen` rows; the total under the facet ""."""
        passing = base
        for rows in chosen.values():
            passing &= rows
        hits: dict[str, dict[str, int]] = {"": {"": passing.bit_count()}}
        for name, options in self.options.items():
            rows = base
            for other, chosen_rows in chosen.items():
                if other != name:
                    rows &= chosen_rows
            counts = {value: (rows & option).bit_count() for value, option in options.items()}
            hits[name] = {value: count for value, count in counts.items() if count}
        return hits


_indexes: dict = {}  # (database, filterset class) → its FacetIndex, the latest version seen
_building = threading.Lock()
# The rows of a list, as the first branch of the UNION names its columns.
ROWS_OF = (
    "SELECT CAST(%s AS TEXT) AS facet_what, CAST(NULL AS TEXT) AS facet_value, "
    "r.facet_row AS facet_row FROM"
)


class FacetCount:
    """The counts behind `FacetedFilterSet.count()`, from the kind's `FacetIndex`.

    The rows the list is drawn from (a search's matches, or the published practices)
    are read as ids (a search's every time), and each chosen facet's rows are those its
    own filter lets through (the one rule of what a choice means: the list applies the
    same filter). Each facet is then counted among the rows that pass the *other*
    facets' choices, so that an option tells what choosing it would give, and the total
    among the rows that pass them all. The list's rows and the choices the index does
    not remember are read in one query, a UNION ALL of (what, value, row) rows; under a
    new version of the content the index is built first, by one query of the same kind.

    The SQL written here holds only names made from the filterset's own facet names;
    every value the visitor chose is a query parameter.
    """

    def __init__(self, filterset: "FacetedFilterSet", counters: dict[str, "Counter"]):
        self.filterset = filterset
        self.counters = counters
        self.chosen = filterset.chosen()

    def run(self) -> dict[str, dict[str, int]]:
        """{facet: {value as text: hits}}; the total under the facet ""."""
        queryset = self.filterset.queryset
        connection = connections[queryset.db]
        model = queryset.model
        lists = {"list": queryset}
        # A search of one term: its matches are the searched rows (remembered) that
        # have the term, read from the term's postings (search/engine.py, RankedTerm)
        # instead of testing every row's vector.
        ranked = ranked_term(queryset) if self.filterset.search_results else None
        if ranked is not None and compiled(as_rows(queryset), connection) != compiled(
            as_rows(ranked.matches()), connection
        ):
            ranked = None  # rows of another kind than the search's own: read them
        if ranked is not None:
            lists = {"list": ranked.base}
        for name, value in self.chosen.items():
            lists[f"chosen {name}"] = self.filterset.filters[name].filter(
                model.objects.all(), value
            )
        queries, found = {}, {}
        for what, rows in lists.items():
            try:
                queries[what] = compiled(as_rows(rows), connection)
            except EmptyResultSet:  # a queryset.none(): no rows, none to read
                found[what] = 0
        if found.get("list") == 0:
            return {}
        # The same rows under the same version: their SQL and its parameters.
        keys = {what: (sql, repr(params)) for what, (sql, params) in queries.items()}
        index = self._index(model, connection)
        # A search's matches are its own, read every time; the rows a list is drawn from
        # (the published practices) and the choices are shared, and remembered.
        remembered = [
            what
            for what in keys
            if what != "list" or not self.filterset.search_results or ranked is not None
        ]
        found.update({what: index.remembered(keys[what]) for what in remembered})
        if ranked is not None:
            queries["term"] = ranked.documents_sql()  # read every time, as a search's are
        missing = [what for what in queries if found.get(what) is None]
        if missing:
            parts = []
            for what in missing:
                sql, params = queries[what]
                parts.append((f"{ROWS_OF} ({sql}) r", [what, *params]))
            read = self._read(None, parts, connection)
            for what in missing:
                found[what] = index.bits(read.get(what, []))
                if what in remembered:
                    index.remember(keys[what], found[what])
        chosen = {name: found[f"chosen {name}"] for name in self.chosen}
        if ranked is not None:
            found["list"] &= found.pop("term")
        return index.count(found["list"], chosen)

    def _index(self, model, connection) -> FacetIndex:
        """The kind's FacetIndex under the current content version, built if need be:
        once in a process, however many requests ask at the same moment."""
        version = content_version()
        key = (connection.alias, type(self.filterset))
        index = _indexes.get(key)
        if index is not None and index.version == version:
            return index
        with _building:
            index = _indexes.get(key)
            if index is not None and index.version == version:
                return index  # built meanwhile by another request
            read = self._read(*self._index_parts(model, connection), connection)
            index = FacetIndex(version, read.pop("#", []), read.pop("option", {}))
            # A request that read the version just before a change may build after
            # one that read it after: the newer index stays.
            if key not in _indexes or _indexes[key].version < version:
                _indexes[key] = index
            return index

    def _index_parts(self, model, connection) -> tuple[tuple[str, list], list]:
        """What a FacetIndex is built from: the facets' values on each row of the table,
        read in one pass (`facet_values`, a WITH query), and the (SQL, params) of the
        rows that give every id of the table and each facet's (option, row) pairs."""
        columns = {  # column → (its facet, the value on the row)
            f"value_{name}_{index}": (name, value)
            for name, counter in self.counters.items()
            for index, value in enumerate(counter.values)
        }
        values = (
            model._base_manager.order_by()
            .annotate(
                facet_row=F("pk"), **{column: value for column, (_, value) in columns.items()}
            )
            .values("facet_row", *columns)
        )
        parts = [(f"{ROWS_OF} facet_values r", ["#"])]
        for column, (name, _value) in columns.items():
            parts.append(
                (
                    f"SELECT CAST(%s AS TEXT), CAST(r.{column} AS TEXT), r.facet_row "
                    f"FROM facet_values r WHERE r.{column} IS NOT NULL",
                    [f"option {name}"],
                )
            )
        for name, counter in self.counters.items():
            if counter.pairs is not None:
                try:
                    sql, params = compiled(counter.pairs(), connection)
                except EmptyResultSet:  # no pairs at all: no option has rows
                    continue
                parts.append(
                    (
                        f'SELECT CAST(%s AS TEXT), CAST(p."value" AS TEXT), p."owner" '
                        f'FROM ({sql}) p WHERE p."value" IS NOT NULL',
                        [f"option {name}", *params],
                    )
                )
        return compiled(values, connection), parts

    @staticmethod
    def _read(with_values, parts, connection) -> dict:
        """Run the parts as one query: {what: [rows]}, and the options under "option",
        {facet: {option: [rows]}}. Each one's rows come as one text, grouped by the
        database: far fewer Python objects than a row each."""
        union = " UNION ALL ".join(part for part, _ in parts)
        params = [param for _, part_params in parts for param in part_params]
        rows = (
            "string_agg(CAST(u.facet_row AS TEXT), ',')"
            if connection.vendor == "postgresql"
            else "group_concat(u.facet_row, ',')"
        )
        sql = (
            f"SELECT u.facet_what, u.facet_value, {rows} FROM ({union}) u "
            "GROUP BY u.facet_what, u.facet_value"
        )
        if with_values:
            values_sql, values_params = with_values
            sql = f"WITH facet_values AS ({values_sql}) {sql}"
            params = [*values_params, *params]
        read: dict = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for what, value, found in cursor.fetchall():
                found = list(map(int, found.split(",")))
                if what.startswith("option "):
                    facet = read.setdefault("option", {})
                    facet.setdefault(what.removeprefix("option "), {})[value] = found
                else:
                    read[what] = found
        return read


def as_rows(queryset: QuerySet) -> QuerySet:
    """The ids of the queryset's rows, as `facet_row`, in no order."""
    return queryset.order_by().annotate(facet_row=F("pk")).values("facet_row")


@dataclass(frozen=True)
class Counter:
    """How a facet counts its options.

    `values`: expressions on the listed row itself, each giving the option the
    row counts for (its level, its start year) or None. `pairs`: a function that
    makes the rows of another table pairing an option (`value`) with a listed row
    (`owner`), such as a practice's themes (see `related_pairs()`), called only when
    the index is built; a row paired with the same option
    twice (two municipalities of one region) counts once. Both are read for every
    row of the table, once per version of the content (`FacetIndex`).
    `options(hits)` turns {value as text: hits} into (value, label, count) rows.
    """

    options: Callable[[dict[str, int]], Iterable[tuple[str, str, int]]]
    values: tuple = ()
    pairs: Callable[[], QuerySet] | None = None


def choice_options(choices) -> Callable[[dict[str, int]], list[tuple[str, str, int]]]:
    """A Counter's `options` for fixed (value, label) choices, in their order."""
    choices = list(choices)
    return lambda hits: [(value, label, hits.get(value, 0)) for value, label in choices]


def year_options(hits: dict[str, int]) -> list[tuple[str, str, int]]:
    """A Counter's `options` for years: those with hits, newest first."""
    return [(year, year, hits[year]) for year in sorted(hits, key=int, reverse=True)]


def compiled(queryset: QuerySet, connection) -> tuple[str, tuple]:
    """The SQL and parameters of a queryset, for the database that runs it."""
    return queryset.query.get_compiler(connection=connection).as_sql()


def related_pairs(queryset: QuerySet, value: str, owner: str) -> QuerySet:
    """(value, owner) rows of a related table, for a Counter's `pairs`."""
    return queryset.order_by().annotate(value=F(value), owner=F(owner)).values("value", "owner")


@dataclass(frozen=True)
class Counted:
    total: int
    facets: list[Facet]

    def paginator(self, object_list, per_page: int, paginator_class=Paginator) -> Paginator:
        paginator = paginator_class(object_list, per_page)
        paginator.count = self.total  # already counted: no COUNT query of its own
        return paginator
