"""One search over practices, archive projects and calls, in Finnish, Swedish and English.

A visitor's words are analysed like the texts were (search/analysis.py: Voikko's base
forms for Finnish, Snowball stems for Swedish and English) and looked for in the
index that search/index.py keeps, the same on both databases:

* PostgreSQL: `search_vector` tsvectors of the analysed terms ('simple' configuration),
  GIN- or, where the extension is available, RUM-indexed; ranked by `ts_rank` (by the
  RUM index's own order where there is one). With RUM, each prefix of the visitor's
  words is first looked up among the terms the table holds (`search_posting`): one that
  begins no term is left out, one that begins exactly one term asks for that term
  alone; a search that comes down to one term reads its best rows, in order, from that
  term's postings (`RankedTerm`) instead of ranking every match.
* SQLite (the embedded default): an FTS5 table of the same terms, ranked by `bm25()`.

Whole words only ("Oulu" does not find "koulutus"); a word of three letters or more
also finds the terms it begins ("kotou" finds "kotoutuminen"); a quoted phrase finds
its words one after the other. When nothing is found, the matching loosens step by
step: any of the words, then (PostgreSQL) names of places and organisations that look
alike (pg_trgm), then the words corrected to the closest in the index's vocabulary
(`suggestion`). What each finds and misses: docs/search.md.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, FloatField, Func, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from rapidfuzz import fuzz, process

from website.i18n import translated

from . import analysis, index
from .index import rum_in_use
from .models import Word

MAX_WORDS = 8
MAX_WORD_LENGTH = 40
# Markers put around matches; never found in text people write.
START, STOP = "\x02", "\x03"
TRIGRAM_THRESHOLD = 0.5
PLAIN = re.compile(r"[^\W_]+")  # letters and digits: one lexeme to PostgreSQL
BM25_WEIGHTS = "10.0, 4.0, 1.0"  # title, summary, the rest: FTS5's columns a, b, c


@dataclass(frozen=True)
class SearchSpec:
    """What to search in a model: translated fields by weight, and the field snippets come from.

    For the trigram fallback on PostgreSQL: `organisation_field`, a translated field
    with an organisation's name, and `municipalities`, a relation to places whose
    names (`place_names`) may be misspelled. `vocabulary`: lookups of the names of
    vocabulary terms (themes, target groups…) a row is also found by, each ending in
    its language (`themes__name_fi`).
    """

    weighted: dict[str, tuple[str, ...]]
    snippet_field: str
    title_field: str
    organisation_field: str | None = None
    municipalities: str | None = None
    place_names: tuple[str, ...] = ("name_fi", "name_sv")
    vocabulary: tuple[str, ...] = ()


@dataclass
class Search:
    """A visitor's search: the words, each with the terms it may be found by, and phrases."""

    text: str
    words: list[str] = field(default_factory=list)
    groups: list[tuple[str, ...]] = field(default_factory=list)  # per word: its alternatives
    phrases: list[list[tuple[str, ...]]] = field(default_factory=list)  # per phrase: variants
    similar_municipalities: list[str] = field(default_factory=list)
    # Looked up once per search: the copies each type makes to loosen on its own
    # (dataclasses.replace) share this dict.
    lookups: dict = field(default_factory=dict)
    # "all" words must match; relaxed to "any" word, then to names that look "similar",
    # then to the words "corrected" to the index's vocabulary.
    mode: str = "all"
    corrected: "Search | None" = None
    # What was read of the text, as typed: each phrase in its quotes, then each word.
    read: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str) -> "Search":
        text = (text or "").replace("\x00", " ")[:200]
        search = cls(text=text.strip())  # the box shows it as typed
        # The words are read from it as normalised, which may be longer ("ﬃ" is "ffi"):
        # no further than 200 characters of that either.
        text = analysis.normalise(text)[:200]
        quoted = re.findall(r'"([^"]*)"', text)
        rest = re.sub(r'"[^"]*"', " ", text)
        for phrase in quoted:
            phrase_words = [w.strip("_")[:MAX_WORD_LENGTH] for w in analysis.WORD.findall(phrase)]
            phrase_words = [w for w in phrase_words if w][:MAX_WORDS]
            variants = analysis.phrase_variants(phrase_words) if len(phrase_words) > 1 else []
            if not variants:
                rest += " " + " ".join(phrase_words)
                continue
            if variants in search.phrases or len(search.words) >= MAX_WORDS:
                continue  # each phrase once, and no more words than a search reads
            search.phrases.append(variants)
            search.words += [w.casefold() for w in phrase_words]
            search.read.append(f'"{" ".join(phrase_words)}"')
        for word in analysis.WORD.findall(rest):
            word = word.strip("_")[:MAX_WORD_LENGTH]
            folded = word.casefold()
            if not word or folded in search.words or len(search.groups) >= MAX_WORDS:
                continue
            search.words.append(folded)
            search.read.append(word)
            if analysis.is_stop_word(word):
                continue  # "ja", "och", "the"
            search.groups.append(analysis.alternatives(word))
        return search

    @property
    def text_read(self) -> str:
        """The words as the search reads them, and nothing it leaves unread: no text past
        200 characters or MAX_WORDS words, no word's end past MAX_WORD_LENGTH, no
        punctuation, each word once. Parsed again, it is the same search."""
        return " ".join(self.read)

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.phrases

    @property
    def conditions(self) -> int:
        return len(self.groups) + len(self.phrases)

    def apply(self, queryset: QuerySet, spec: SearchSpec) -> QuerySet:
        """The matching objects, best first, with `search_rank`."""
        if self.is_empty:
            return queryset.none()
        if self.mode == "similar":
            return backend().similar(self, queryset, spec)
        if self.mode == "corrected":
            return self.corrected.apply(queryset, spec)
        return backend().apply(self, queryset, spec)

    def relax(self, model, spec: SearchSpec) -> bool:
        """When nothing matched in `model`: accept any of the words, then names that look
        alike, then the words corrected. Returns False when there is nothing looser to try.
        """
        if self.mode == "all" and self.conditions > 1:
            self.mode = "any"
            return True
        if self.mode in ("all", "any"):
            places = (
                model._meta.get_field(spec.municipalities).related_model
                if spec.municipalities
                else None
            )
            key = ("places", places._meta.label if places else None)
            if key not in self.lookups:
                self.lookups[key] = backend().similar_municipalities(self, places, spec)
            names = self.lookups[key]
            if names is not None:
                self.mode = "similar"
                self.similar_municipalities = names
                return True
        if self.mode in ("all", "any", "similar"):
            suggestion = self.suggestion()
            if suggestion:
                self.mode = "corrected"
                self.corrected = Search.parse(suggestion)
                self.corrected.mode = "any" if self.corrected.conditions > 1 else "all"
                # The last step, seldom reached: its words are asked for as they are,
                # without looking up what they begin (a query less; the same rows).
                self.corrected.lookups["begun"] = {}
                return True
        return False

    def suggestion(self) -> str | None:
        """The words corrected to the closest words in the index's vocabulary, when any
        word is not in it (looked up once per search)."""
        if "suggestion" not in self.lookups:
            self.lookups["suggestion"] = suggestion(self.words)
        return self.lookups["suggestion"]

    def snippets(self, objects, spec: SearchSpec) -> None:
        """Give each object a `snippet`: safe HTML with the matches in <mark>, and
        `snippet_lang_attr`, the ` lang` attribute when it is in another language."""
        search = self.corrected if self.mode == "corrected" else self
        for obj in objects:
            text = translated(obj, spec.snippet_field)
            obj.snippet = marked(snippet(search, text.value or "", text.lang))
            obj.snippet_lang_attr = text.lang_attr


def suggestion(words: list[str]) -> str | None:
    """The words, each not in the index's vocabulary replaced by the closest that is
    (rapidfuzz on SQLite, pg_trgm on PostgreSQL); None when none is replaced. Two
    queries however many words."""
    candidates = [w for w in words if len(w) >= 4 and not w.isdigit()]
    if not candidates:
        return None
    known = set(Word.objects.filter(word__in=candidates).values_list("word", flat=True))
    missing = [w for w in candidates if w not in known]
    closest = backend().closest_words(missing) if missing else {}
    corrected = [closest.get(word) or word for word in words]
    return " ".join(corrected) if corrected != words else None


def is_close(search: Search, names) -> bool:
    """Whether a name (of a theme, in any language) is close to the search: one of its
    words is found by a word of the search, or is spelt much like one."""
    wanted = [term for group in search.groups for term in group]
    for name in names:
        for token in analysis.tokens(name):
            folded = token.casefold()
            if analysis.is_stop_word(folded) or len(folded) < 3:
                continue
            terms = analysis.alternatives(token)
            if any(analysis.matches(t, w) for t in terms for w in wanted):
                return True
            if any(fuzz.ratio(word, folded) >= 75 for word in search.words):
                return True
    return False


def snippet(search: Search, text: str, lang: str, width: int = 110) -> str:
    """A piece of the text around its first match, the matching words between markers."""
    wanted = [term for group in search.groups for term in group]
    wanted += [term for phrase in search.phrases for variant in phrase for term in variant]
    hits = []
    for start, end, words in analysis.word_spans(text):  # "m²" shown, "m2" read
        for word in filter(None, (analysis.analyse_word(w, lang or "fi") for w in words)):
            if any(analysis.matches(t, w) for t in word.terms for w in wanted):
                hits.append((start, end))
                break
    if not hits:
        return text[: width * 2] + ("…" if len(text) > width * 2 else "")
    start = max(0, hits[0][0] - width)
    if start:  # from the start of a word
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and hits[0][0] - space < width * 2 else start
    end = min(len(text), start + width * 2)
    pieces, position = [], start
    for hit_start, hit_end in hits:
        if hit_start < start or hit_end > end:
            continue
        pieces += [text[position:hit_start], START, text[hit_start:hit_end], STOP]
        position = hit_end
    pieces.append(text[position:end])
    return ("…" if start else "") + "".join(pieces) + ("…" if end < len(text) else "")


TIE_MARGIN = 50  # rows read beyond those wanted, to see where a run of equal distances ends


RUM_ORDER = ("search_distance", "pk")


def index_ordered(results: QuerySet) -> bool:
    """Whether the search `results` can be read in the RUM index's order (PostgreSQL):
    they are in the search's own order, not sorted by the visitor (by title, say), and
    the index orders them as their distances do (`Asked.in_index_order`)."""
    return (
        "search_distance" in results.query.annotations
        and tuple(results.query.order_by) == RUM_ORDER
        and getattr(results.query, "rum_ordered", False)
    )


@dataclass(frozen=True)
class Asked:
    """A search as PostgreSQL is asked it: the tsquery's text (None: nothing can match),
    its one term when it comes down to one, and whether the RUM index gives its matches
    in the order of their distances.

    It does when every word is asked for as whole terms. A prefix that begins several
    terms (`'työ':*`) is ranked by the index from one of them and by `<=>` on the row
    from all of them: read in the index's order, a page of 20 came out of order and
    pages repeated rows (200 rows over 10 pages, 114 of them different, on the
    benchmark's projects). Such a search is sorted by its distances in full instead.
    """

    text: str | None
    single: str | None = None
    in_index_order: bool = False


@dataclass(frozen=True, eq=False)
class RankedTerm:
    """A search that comes down to one term, in a table whose terms are kept with their
    rows' distances in `search_posting` (search/index.py).

    The best rows are read there in order of (distance, id), a B-tree's order, among
    the rows of the search's results (`doc IN (…)`, so every other condition still
    holds), where the RUM index ranks every match before it returns the first. The
    distances are RUM's own for that term (`<=>`), so the order is the RUM index's,
    ties broken by id. Kept on the results' query (`ranked_term()`), which Django
    copies with every queryset made from it.
    """

    source: int
    term: str
    base: QuerySet  # what was searched: the published practices…
    query: SearchQuery  # the term, as the results ask for it

    def sql(self, results: QuerySet, count: int, offset: int = 0) -> tuple[str, list]:
        """(SQL, params) of the ids and ranks of rows `offset` to `offset + count`."""
        inner, params = results.order_by().values("pk").query.sql_with_params()
        return (
            'SELECT p.doc AS "pk", -p.distance AS "search_rank" FROM search_posting p '
            f"WHERE p.source = %s AND p.term = %s AND p.doc IN ({inner}) "
            "ORDER BY p.distance, p.doc LIMIT %s OFFSET %s",
            [self.source, self.term, *params, count, offset],
        )

    def ids(self, results: QuerySet, offset: int, count: int) -> list:
        sql, params = self.sql(results, count, offset)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [pk for pk, _rank in cursor.fetchall()]

    def matches(self) -> QuerySet:
        """The rows that match, as the search's results hold them (without their order)."""
        return self.base.filter(search_vector=self.query)

    def documents_sql(self) -> tuple[str, list]:
        """(SQL, params) of every row with the term, as `facet_row`, in no order: with
        the rows searched, the rows that match."""
        return (
            'SELECT p.doc AS "facet_row" FROM search_posting p WHERE p.source = %s AND p.term = %s',
            [self.source, self.term],
        )


def ranked_term(results: QuerySet) -> RankedTerm | None:
    """The search's one term and its postings, when the results are read from them:
    a search of one term, in the search's own order."""
    ranked = getattr(results.query, "ranked_term", None)
    if ranked is None or results.query.is_empty() or not index_ordered(results):
        return None
    return ranked


def _complete(rows: list, wanted: int, fetched: int) -> bool:
    """Whether rows read in order of distance (pk, distance), `fetched` asked for, hold
    the first `wanted` in order of (distance, pk): every row as near as the last wanted
    one was read."""
    return len(rows) < fetched or rows[-1][1] > sorted(r[1] for r in rows)[wanted - 1]


def first_ids(results: QuerySet, offset: int, count: int) -> list:
    """The ids of rows `offset` to `offset + count` of the search `results`, in their
    order (best first, then by id).

    With a RUM index the rows are read in the index's order, by distance alone, which
    PostgreSQL reads from the index without sorting every match by (distance, id); a
    few more than wanted show whether equal distances run on past the last one wanted
    (`ordered_ids`). So pages neither repeat nor skip a row.
    """
    ranked = ranked_term(results)
    if ranked is not None:
        return ranked.ids(results, offset, count)
    if not index_ordered(results):
        return list(results.values_list("pk", flat=True)[offset : offset + count])
    fetched = offset + count + TIE_MARGIN
    by_distance = results.order_by("search_distance")
    rows = list(by_distance.values_list("pk", "search_distance")[:fetched])
    return ordered_ids(results, rows, offset + count, fetched)[offset:]


def ordered_ids(results: QuerySet, rows: list, wanted: int, fetched: int) -> list:
    """The first `wanted` ids of the search `results` in order of (distance, id), from
    `rows` (pk, distance) read in the RUM index's order, `fetched` of them asked for.

    When a run of equal distances goes on past the rows read, the rest of that run
    is asked for in order of id (one query; rare with real texts, common with
    generated ones).
    """
    rows = sorted(rows, key=lambda row: (row[1], row[0]))
    if _complete(rows, wanted, fetched):
        return [pk for pk, _distance in rows[:wanted]]
    last = rows[wanted - 1][1]
    nearer = [pk for pk, distance in rows if distance < last]
    ties = results.filter(search_distance=Real(Value(last)))
    ties = ties.order_by("pk").values_list("pk", flat=True)
    return nearer + list(ties[: wanted - len(nearer)])


def best_ids(results: dict[str, QuerySet], limit: int) -> dict[str, list]:
    """The ids of the first `limit` rows of each search's `results`, best first.

    All in one query: a union of ordered, limited subqueries; a search of one term
    reads its term's postings (`RankedTerm`), other searches read in a RUM index's
    order ask for a few more, to break ties (`ordered_ids`), and ask again on their
    own when a run of ties is longer.
    """
    found = {kind: [] for kind in results}
    parts, tied = {}, set()  # tied: read in the RUM index's order, ties still to break
    for kind, queryset in results.items():
        if queryset.query.is_empty():
            continue
        ranked = ranked_term(queryset)
        if ranked is not None:
            parts[kind] = ranked.sql(queryset, limit)
        elif index_ordered(queryset):
            tied.add(kind)
            rows = queryset.order_by("search_distance").values_list("pk", "search_rank")
            parts[kind] = rows[: limit + TIE_MARGIN].query.sql_with_params()
        else:
            rows = queryset.values_list("pk", "search_rank")
            parts[kind] = rows[:limit].query.sql_with_params()
    if not parts:
        return found
    # Each part a subquery, so that each keeps its own order and limit (SQLite orders
    # and limits a compound's parts only so).
    kinds = list(parts)
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(
                f'SELECT {n}, "pk", "search_rank" FROM ({sql}) AS part{n}'  # noqa: S608
                for n, (sql, _) in enumerate(parts.values())
            ),
            [param for _, params in parts.values() for param in params],
        )
        rows = [(kinds[n], pk, rank) for n, pk, rank in cursor.fetchall()]
    # In the order of every search: ("-search_rank", "pk").
    ranks = {kind: [] for kind in results}
    for kind, pk, rank in sorted(rows, key=lambda row: (-row[2], row[1])):
        ranks[kind].append((pk, -rank))
    for kind, found_rows in ranks.items():
        if kind in tied:
            found[kind] = ordered_ids(results[kind], found_rows, limit, limit + TIE_MARGIN)
        else:
            found[kind] = [pk for pk, _ in found_rows[:limit]]
    return found


def best_first(results: QuerySet, ids) -> list:
    """The rows of the search `results` with these ids, in the order of `results`.

    The second of two steps: the ids are sorted first (`best_ids`, or a page's slice),
    then only the rows shown are fetched. Ranking all matches of a common word in one
    query carried every match's texts in three languages through the sort, to show
    five; sorting the ids alone took a quarter less time on the benchmark
    (docs/performance.md).
    """
    return list(results.filter(pk__in=list(ids)))


class RankedPaginator(Paginator):
    """Pages of search results: each page's ids, then its rows (`best_first`)."""

    def page(self, number):
        page = super().page(number)  # its object_list is a slice not yet read
        query = page.object_list.query
        ids = first_ids(self.object_list, query.low_mark, query.high_mark - query.low_mark)
        page.object_list = best_first(self.object_list, ids)
        return page


def marked(raw: str) -> SafeString:
    """Escape the text, then turn the match markers into <mark> elements."""
    html = escape(raw).replace(START, "<mark>").replace(STOP, "</mark>")
    if html.count("<mark>") != html.count("</mark>"):
        html = html.replace("<mark>", "").replace("</mark>", "")
    return mark_safe(html)  # noqa: S308 – escaped above; only our own <mark> tags remain


class RumDistance(Func):
    """`vector <=> query`: the distance a RUM index orders by (smaller is better)."""

    arg_joiner = " <=> "
    template = "(%(expressions)s)"
    output_field = FloatField()


class Real(Func):
    """A number as PostgreSQL's `real`, the type of a RUM distance: a distance read back
    as text and parsed is the same `real` again, but not the same double."""

    template = "(%(expressions)s)::real"
    output_field = FloatField()


def tsquery_term(term: str) -> str:
    quoted = "'" + term.replace("'", "").replace("\\", "") + "'"
    return quoted + ":*" if len(term) >= 3 else quoted


def fts_term(term: str) -> str:
    quoted = '"' + term.replace('"', "") + '"'
    return quoted + "*" if len(term) >= 3 else quoted


class PostgresSearch:
    def query(self, search: Search, found: dict[str, str | None] | None = None) -> "Asked":
        """The search as a tsquery (see `Asked`).

        `found`: what each word's prefix begins among the table's terms (`begun`): ""
        for none (left out: it matches nothing there), one term (asked for alone: the
        same rows, and the same ranks, for less work), or None (kept as it is)."""
        found = found or {}
        parts, exact, prefixed = [], [], bool(search.phrases)
        for group in search.groups:
            terms = []
            for term in group:
                begun = found.get(term)
                if begun is None:
                    terms.append(tsquery_term(term))
                    prefixed = prefixed or terms[-1].endswith(":*")
                elif begun:
                    terms.append("'" + begun + "'")
                    exact.append(begun)
            terms = list(dict.fromkeys(terms))
            if terms:
                parts.append("(" + " | ".join(terms) + ")")
            elif search.mode != "any":
                return Asked(None)  # a word no row has: all words cannot match
        for variants in search.phrases:
            parts.append(
                "("
                + " | ".join(
                    "(" + " <-> ".join("'" + t.replace("'", "") + "'" for t in v) + ")"
                    for v in variants
                )
                + ")"
            )
        if not parts:
            return Asked(None)
        single = len(parts) == 1 and bool(exact) and parts[0] == f"('{exact[0]}')"
        joiner = " | " if search.mode == "any" else " & "
        return Asked(joiner.join(parts), exact[0] if single else None, not prefixed)

    def begun(self, search: Search, model) -> dict[str, str | None]:
        """What each of the search's prefixes begins among the terms of the model's table
        (see `query`), for every searchable table at once, looked up once per search."""
        if "begun" not in search.lookups:
            search.lookups["begun"] = self._begun(search)
        return search.lookups["begun"].get(index.posting_source(model), {})

    def _begun(self, search: Search) -> dict[int, dict[str, str | None]]:
        sources = [
            index.posting_source(model)
            for model in index.indexed_models()
            if rum_in_use(model._meta.db_table)
        ]
        # Prefixes of plain words (letters and digits) only: PostgreSQL reads any other
        # text as more than one lexeme. Each is looked for as the terms from it up to
        # the same text with its last letter the next one: every term it begins.
        prefixes = sorted(
            {
                term
                for group in search.groups
                for term in group
                if len(term) >= 3 and PLAIN.fullmatch(term) and ord(term[-1]) < 0xD7FF
            }
        )
        if not sources or not prefixes:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT s.source, a.prefix, f.term, g.term IS NOT NULL, "
                "EXISTS (SELECT 1 FROM search_posting p WHERE p.source = s.source), "
                "plainto_tsquery('simple', a.prefix)::text = chr(39) || a.prefix || chr(39) "
                "AND coalesce(plainto_tsquery('simple', f.term)::text "
                "= chr(39) || f.term || chr(39), true) "
                "FROM unnest(%s::integer[]) AS s(source) "
                "CROSS JOIN unnest(%s::text[], %s::text[]) AS a(prefix, upper) "
                "LEFT JOIN LATERAL (SELECT p.term FROM search_posting p "
                "WHERE p.source = s.source AND p.term >= a.prefix AND p.term < a.upper "
                "ORDER BY p.term LIMIT 1) f ON true "
                "LEFT JOIN LATERAL (SELECT p.term FROM search_posting p "
                "WHERE p.source = s.source AND p.term > f.term AND p.term < a.upper "
                "ORDER BY p.term LIMIT 1) g ON true",
                [
                    sources,
                    prefixes,
                    [prefix[:-1] + chr(ord(prefix[-1]) + 1) for prefix in prefixes],
                ],
            )
            begun: dict[int, dict[str, str | None]] = {source: {} for source in sources}
            for source, prefix, first, more, written, plain in cursor.fetchall():
                if not (written and plain):
                    # Kept as typed: not one lexeme, or a table whose postings are not
                    # written yet (just migrated: `index_missing` writes them).
                    continue
                if first is None:
                    begun[source][prefix] = ""
                elif not more:
                    begun[source][prefix] = first
        return begun

    def apply(self, search: Search, queryset: QuerySet, spec: SearchSpec) -> QuerySet:
        model = queryset.model
        rum = rum_in_use(model._meta.db_table)
        asked = self.query(search, self.begun(search, model) if rum else None)
        if asked.text is None:
            return queryset.none()
        query = SearchQuery(asked.text, search_type="raw", config="simple")
        searched = queryset
        queryset = queryset.filter(search_vector=query).defer("search_vector")
        if rum:
            # In order of (distance, pk), so that pages are stable among equal distances.
            # That order makes PostgreSQL sort every match: `first_ids` reads the few it
            # needs from the term's postings (one term) or in the RUM index's order
            # (`search_distance` alone) and breaks ties.
            results = queryset.annotate(
                search_distance=RumDistance(F("search_vector"), query),
                search_rank=Value(0.0) - F("search_distance"),
            ).order_by(*RUM_ORDER)
            results.query.rum_ordered = asked.in_index_order
            if asked.single:
                results.query.ranked_term = RankedTerm(
                    index.posting_source(model), asked.single, searched, query
                )
            return results
        return queryset.annotate(search_rank=SearchRank(F("search_vector"), query)).order_by(
            "-search_rank", "pk"
        )

    def closest_words(self, words: list[str]) -> dict[str, str]:
        """Per word, the most similar word of the vocabulary (pg_trgm), in one query."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT ON (q) q, w.word FROM unnest(%s::text[]) AS q "
                "JOIN search_word w ON w.word %% q "
                "ORDER BY q, similarity(w.word, q) DESC, w.word",
                [words],
            )
            return dict(cursor.fetchall())

    def similar_municipalities(self, search: Search, places, spec: SearchSpec) -> list[str]:
        """Names of up to five places that look like the words (none for a model without them)."""
        if places is None:
            return []
        text = " ".join(search.words)
        condition = Q()
        for name in spec.place_names:
            condition |= Q(**{f"{name}__trigram_word_similar": text})
        return list(
            places.objects.filter(condition).values_list(spec.place_names[0], flat=True)[:5]
        )

    def similar(self, search: Search, queryset: QuerySet, spec: SearchSpec) -> QuerySet:
        text = " ".join(search.words)
        condition = Q()
        if spec.organisation_field:
            condition |= Q(**{f"{spec.organisation_field}_fi__trigram_word_similar": text})
        if spec.municipalities and search.similar_municipalities:
            # A subquery, not a join: a practice in two such municipalities is one result.
            in_municipalities = queryset.model.objects.filter(
                **{f"{spec.municipalities}__name_fi__in": search.similar_municipalities}
            )
            condition |= Q(pk__in=in_municipalities.values("pk"))
        if not condition:
            return queryset.none()
        # No organisation name is no likeness: ranked after every similar name, on the
        # database and when `best_ids` orders the ranks it read.
        rank = (
            Coalesce(TrigramWordSimilarity(text, f"{spec.organisation_field}_fi"), 0.0)
            if spec.organisation_field
            else Value(0.0)
        )
        return queryset.filter(condition).annotate(search_rank=rank).order_by("-search_rank", "pk")


class SqliteSearch:
    """The embedded default: the FTS5 table beside each searchable table."""

    def match(self, search: Search) -> str:
        parts = [
            "(" + " OR ".join(fts_term(term) for term in group) + ")" for group in search.groups
        ]
        for variants in search.phrases:
            parts.append("(" + " OR ".join('"' + " ".join(v) + '"' for v in variants) + ")")
        return (" OR " if search.mode == "any" else " AND ").join(parts)

    def apply(self, search: Search, queryset: QuerySet, spec: SearchSpec) -> QuerySet:
        table = queryset.model._meta.db_table
        fts = table + "_fts"
        # The FTS5 table joined by rowid: bm25() is worked out once per match, as FTS5
        # finds it. (A rank in a correlated subquery ran the MATCH again for every
        # matching row: minutes for a common word at 50,000 rows.)
        return queryset.extra(  # noqa: S610 – table names ours, the match a parameter
            tables=[fts],
            where=[f"{fts}.rowid = {table}.id", f"{fts} MATCH %s"],
            params=[self.match(search)],
            select={"search_rank": f"-bm25({fts}, {BM25_WEIGHTS})"},
        ).order_by("-search_rank", "pk")

    def closest_words(self, words: list[str]) -> dict[str, str]:
        """Per word, the closest word of the vocabulary (rapidfuzz), from one query.

        Misspellings seldom change the first letter: only words beginning like one of
        them are read.
        """
        beginnings = Q()
        for word in words:
            beginnings |= Q(word__startswith=word[0])
        vocabulary = list(Word.objects.filter(beginnings).values_list("word", flat=True))
        closest = {}
        for word in words:
            candidates = [w for w in vocabulary if w[0] == word[0] and abs(len(w) - len(word)) <= 2]
            found = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=75)
            if found:
                closest[word] = found[0]
        return closest

    def similar_municipalities(self, search: Search, places, spec: SearchSpec) -> None:
        return None  # no trigrams: the corrected words find misspelled names

    def similar(self, search, queryset, spec):
        return queryset.none()


def backend() -> PostgresSearch | SqliteSearch:
    return PostgresSearch() if connection.vendor == "postgresql" else SqliteSearch()
