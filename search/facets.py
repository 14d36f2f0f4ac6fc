"""Faceted lists: filters whose every choice shows how many results it would give.

Used by the practice list, the archive of projects and the search. The terms
of all vocabulary facets are read in one query, and the total with every
facet's counts in one more (`FacetCount`), so a list costs the same number of
queries whatever is chosen.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections, models
from django.db.models import ExpressionWrapper, F, Q, QuerySet, Value
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from website.i18n import LANGUAGE_CODES, collation_key, fallback_order


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

    `flags` maps each choice to its field. The test is the fields themselves, so the
    facet counts test them on the rows they already read (`condition`) instead of
    asking which rows of the whole table pass.
    """

    def __init__(self, *args, flags: dict[str, str], **kwargs):
        self.flags = flags
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)

    def condition(self, value: list[str]) -> Q:
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

        One query, whatever is chosen (see `FacetCount`).
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


class FacetCount:
    """The query behind `FacetedFilterSet.count()`.

    The rows the list is drawn from (a search's matches, or the published
    practices) are found once, as `facet_base`, with a flag for each chosen facet
    and the row's own facet values (its level, its start year). Each facet is
    then counted among the rows that pass the *other* facets' choices, so that an
    option tells what choosing it would give; the total among the rows that pass
    them all. Every count is one branch of a UNION ALL: one round trip, and a
    search's matches found once instead of once for each facet.

    The SQL written here holds only names made from the filterset's own facet
    names; every value the visitor chose is a query parameter.
    """

    def __init__(self, filterset: FacetedFilterSet, counters: dict[str, "Counter"]):
        self.filterset = filterset
        self.counters = counters
        self.chosen = filterset.chosen()

    def passing(self, facet: str | None) -> str:
        """SQL on facet_base: the row passes every chosen facet but `facet`."""
        return " AND ".join(f"chosen_{name}" for name in self.chosen if name != facet) or "1 = 1"

    def chosen_condition(self, name: str, value, model) -> Q:
        """Whether a row passes the facet's choice: the filter's own test of the row where
        it has one (`FlagsFilter`), else whether the row is among those it lets through."""
        facet_filter = self.filterset.filters[name]
        if hasattr(facet_filter, "condition"):
            return facet_filter.condition(value)
        return Q(pk__in=facet_filter.filter(model.objects.all(), value))

    def base(self) -> QuerySet:
        queryset = self.filterset.queryset
        model = queryset.model
        flags = {
            f"chosen_{name}": ExpressionWrapper(
                self.chosen_condition(name, value, model), output_field=models.BooleanField()
            )
            for name, value in self.chosen.items()
        }
        values = {
            f"value_{name}_{index}": value
            for name, counter in self.counters.items()
            for index, value in enumerate(counter.values)
        }
        return (
            queryset.order_by()
            .annotate(facet_row=F("pk"), **flags, **values)
            .values("facet_row", *flags, *values)
        )

    def branches(self, connection):
        """(SQL, params) of each count: rows of (facet, value as text, hits)."""
        # Every row of the table: related tables are counted whole, with no join.
        whole_table = not self.chosen and not self.filterset.queryset.query.where
        yield f"SELECT %s, %s, COUNT(*) FROM facet_base WHERE {self.passing(None)}", ["", ""]
        for name, counter in self.counters.items():
            for index in range(len(counter.values)):
                column = f"value_{name}_{index}"
                yield (
                    f"SELECT %s, CAST({column} AS TEXT), COUNT(*) FROM facet_base "
                    f"WHERE {column} IS NOT NULL AND {self.passing(name)} GROUP BY {column}",
                    [name],
                )
            if counter.pairs is not None:
                pairs_sql, pairs_params = compiled(counter.pairs, connection)
                hits = 'COUNT(DISTINCT p."owner")' if counter.distinct else "COUNT(*)"
                # A join rather than `IN (…)`: the database can size it and hash it.
                join = (
                    ""
                    if whole_table
                    else ' JOIN facet_base ON facet_base.facet_row = p."owner" '
                    f"WHERE {self.passing(name)}"
                )
                yield (
                    f'SELECT %s, CAST(p."value" AS TEXT), {hits} FROM ({pairs_sql}) p{join} '
                    'GROUP BY p."value"',
                    [name, *pairs_params],
                )

    def run(self) -> dict[str, dict[str, int]]:
        """{facet: {value as text: hits}}; the total under the facet ""."""
        connection = connections[self.filterset.queryset.db]
        try:
            base_sql, params = compiled(self.base(), connection)
        except EmptyResultSet:  # a queryset.none(): nothing matches, nothing to count
            return {}
        params = list(params)
        parts = []
        for sql, branch_params in self.branches(connection):
            parts.append(sql)
            params += branch_params
        hint = ""
        if connection.vendor == "postgresql":
            # A search or a chosen facet makes the base costly: found once for every
            # count. Otherwise PostgreSQL plans better with the base inside each count.
            costly = self.filterset.search_results or bool(self.chosen)
            hint = "MATERIALIZED " if costly else "NOT MATERIALIZED "
        sql = f"WITH facet_base AS {hint}({base_sql}) " + " UNION ALL ".join(parts)
        hits: dict[str, dict[str, int]] = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for facet, value, count in cursor.fetchall():
                found = hits.setdefault(facet, {})
                found[value] = found.get(value, 0) + count
        return hits


@dataclass(frozen=True)
class Counter:
    """How a facet counts its options.

    `values`: expressions on the listed row itself, each giving the option the
    row counts for (its level, its start year) or None. `pairs`: rows of another
    table pairing an option (`value`) with a listed row (`owner`), such as a
    practice's themes; see `related_pairs()`. `distinct`: a listed row can have
    the same option twice among the pairs (two municipalities of one region).
    `options(hits)` turns {value as text: hits} into (value, label, count) rows.
    """

    options: Callable[[dict[str, int]], Iterable[tuple[str, str, int]]]
    values: tuple = ()
    pairs: QuerySet | None = None
    distinct: bool = False


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
