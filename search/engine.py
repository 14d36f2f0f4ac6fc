"""One search over practices, archive projects and calls, in Finnish, Swedish and English.

Two backends behind the same interface (`Search.apply`, `Search.snippets`):

* PostgreSQL: full-text search on stored, GIN-indexed `search_vector` columns
  that database triggers keep current (see the `search` migrations). Each
  column holds the Finnish fields parsed with the `finnish` configuration, the
  Swedish with `swedish` and the English with `english`, weighted title (A) >
  summary and organisation (B) > the rest (C). A query word matches as a prefix
  of its stem in any of the three languages; Finnish stems are shortened a
  little, because Snowball stems inflected forms of one word differently
  (kotoutuminen → kotoutumin, kotoutumista → kotoutum). When nothing matches, a
  trigram comparison finds misspelled names of organisations and municipalities.
* SQLite (the embedded default): every word must occur, as a substring, in some
  field in any language. What each finds and misses: docs/search.md.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from modeltranslation.utils import get_language

from website.i18n import LANGUAGE_CODES, text_in_visitor_language, translated

CONFIGS = {"fi": "finnish", "sv": "swedish", "en": "english"}
MAX_WORDS = 8
MAX_WORD_LENGTH = 40
# Markers ts_headline puts around matches; never found in text people write.
START, STOP = "\x02", "\x03"
TRIGRAM_THRESHOLD = 0.5


@dataclass(frozen=True)
class SearchSpec:
    """What to search in a model: translated fields by weight, and the field snippets come from.

    For the trigram fallback on PostgreSQL: `organisation_field`, a translated field
    with an organisation's name, and `municipalities`, a relation to places whose
    names (`place_names`) may be misspelled.
    """

    weighted: dict[str, tuple[str, ...]]
    snippet_field: str
    title_field: str
    organisation_field: str | None = None
    municipalities: str | None = None
    place_names: tuple[str, ...] = ("name_fi", "name_sv")


@dataclass
class Search:
    """A visitor's search: the words, and how the database in use matches them."""

    text: str
    words: list[str] = field(default_factory=list)
    fragments: list[list[str]] = field(default_factory=list)  # for substring matching
    prefixes: list[list[str]] = field(default_factory=list)  # per word: its alternatives
    similar_municipalities: list[str] = field(default_factory=list)
    # Looked up once per search: the copies each type makes to loosen on its own
    # (dataclasses.replace) share this dict.
    lookups: dict = field(default_factory=dict)
    # "all" words must match; relaxed to "any" word, then to the words "contained" in
    # longer ones (Finnish compounds), then to names that look "similar".
    mode: str = "all"

    @classmethod
    def parse(cls, text: str) -> "Search":
        text = (text or "").replace("\x00", " ")[:200]
        words = []
        for word in re.findall(r"\w+", text.casefold()):
            word = word.strip("_")[:MAX_WORD_LENGTH]
            if word and word not in words:
                words.append(word)
        search = cls(text=text.strip(), words=words[:MAX_WORDS])
        if search.words:
            matched = backend().prefixes(search.words)
            search.prefixes = [alternatives for _word, alternatives in matched]
            search.fragments = [
                alts for _w, alts in SimpleSearch().prefixes([w for w, _ in matched])
            ]
        return search

    @property
    def is_empty(self) -> bool:
        return not self.prefixes

    def apply(self, queryset: QuerySet, spec: SearchSpec) -> QuerySet:
        """The matching objects, best first, with `search_rank` (and on PostgreSQL a snippet)."""
        if self.is_empty:
            return queryset.none()
        if self.mode == "similar":
            return backend().similar(self, queryset, spec)
        if self.mode == "contains":
            return SimpleSearch().apply(self, queryset, spec, prefixes=self.fragments)
        return backend().apply(self, queryset, spec)

    def relax(self, model, spec: SearchSpec) -> bool:
        """When nothing matched in `model`: accept any of the words, then names that look alike.

        Returns False when there is nothing looser to try.
        """
        if self.mode == "all" and len(self.prefixes) > 1:
            self.mode = "any"
            return True
        if self.mode in ("all", "any") and isinstance(backend(), PostgresSearch):
            self.mode = "contains"
            return True
        if self.mode in ("all", "any", "contains"):
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
        return False

    def snippets(self, objects, spec: SearchSpec) -> None:
        """Give each object a `snippet`: safe HTML with the matches in <mark>, and
        `snippet_lang_attr`, the ` lang` attribute when it is in another language."""
        for obj in objects:
            text = translated(obj, spec.snippet_field)
            raw = getattr(obj, "search_snippet", None)
            if raw is None:
                raw = backend().snippet(self, text.value or "")
            obj.snippet = marked(raw)
            obj.snippet_lang_attr = text.lang_attr


def best_ids(results: dict[str, QuerySet], limit: int) -> dict[str, list]:
    """The ids of the first `limit` rows of each search's `results`, best first.

    Where the database can combine ordered, limited queries (PostgreSQL), all in one
    query; elsewhere one query each.
    """
    parts = {
        kind: queryset.values_list(Value(kind), "pk", "search_rank")[:limit]
        for kind, queryset in results.items()
        if not queryset.query.is_empty()
    }
    found = {kind: [] for kind in results}
    if not parts:
        return found
    if connection.features.supports_slicing_ordering_in_compound:
        first, *others = parts.values()
        rows = list(first.union(*others, all=True)) if others else list(first)
    else:
        rows = [row for part in parts.values() for row in part]
    # In the order of every search: ("-search_rank", "pk").
    for kind, pk, _rank in sorted(rows, key=lambda row: (-row[2], row[1])):
        found[kind].append(pk)
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
        page.object_list = best_first(
            self.object_list, page.object_list.values_list("pk", flat=True)
        )
        return page


def marked(raw: str) -> SafeString:
    """Escape the text, then turn the match markers into <mark> elements."""
    html = escape(raw).replace(START, "<mark>").replace(STOP, "</mark>")
    if html.count("<mark>") != html.count("</mark>"):
        html = html.replace("<mark>", "").replace("</mark>", "")
    return mark_safe(html)  # noqa: S308 – escaped above; only our own <mark> tags remain


def tsquery_term(lexeme: str) -> str:
    return "'" + lexeme.replace("'", "").replace("\\", "") + "':*"


class PostgresSearch:
    def prefixes(self, words: list[str]) -> list[tuple[str, list[str]]]:
        """Per word: the prefixes to look for, one per language; stop words are left out."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT ts_lexize('finnish_stem', w), ts_lexize('swedish_stem', w), "
                "ts_lexize('english_stem', w) FROM unnest(%s::text[]) WITH ORDINALITY AS t(w, n) "
                "ORDER BY n",
                [words],
            )
            stems = cursor.fetchall()
        prefixes = []
        for word, (fi, sv, en) in zip(words, stems, strict=True):
            if any(stem == [] for stem in (fi, sv, en)):
                continue  # a stop word in one of the languages: "ja", "och", "the"
            alternatives = {word}
            for lang, stem in (("fi", fi), ("sv", sv), ("en", en)):
                if not stem:
                    continue
                stem = stem[0]
                if lang == "fi" and stem != word and len(stem) > 4:
                    # Inflected forms of one Finnish word end in different stems:
                    # look for what they share.
                    stem = stem[: max(4, len(stem) - 2)]
                alternatives.add(stem)
            # A shorter alternative already matches everything a longer one does.
            kept = sorted(
                a for a in alternatives if not any(b != a and a.startswith(b) for b in alternatives)
            )
            prefixes.append((word, kept))
        return prefixes

    def query(self, search: Search) -> SearchQuery:
        joiner = " | " if search.mode == "any" else " & "
        raw = joiner.join(
            "(" + " | ".join(tsquery_term(prefix) for prefix in alternatives) + ")"
            for alternatives in search.prefixes
        )
        return SearchQuery(raw, search_type="raw", config="simple")

    def apply(self, search: Search, queryset: QuerySet, spec: SearchSpec) -> QuerySet:
        query = self.query(search)
        lang = get_language()
        return (
            queryset.filter(search_vector=query)
            .defer("search_vector")  # ranked in the database; never needed in Python
            .annotate(
                search_rank=SearchRank(F("search_vector"), query),
                search_snippet=SearchHeadline(
                    text_in_visitor_language(spec.snippet_field),
                    query,
                    config=CONFIGS.get(lang, "simple"),
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=35,
                    min_words=15,
                ),
            )
            .order_by("-search_rank", "pk")
        )

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

    def snippet(self, search: Search, text: str) -> str:
        return SimpleSearch().snippet(search, text)


class SimpleSearch:
    """The embedded default: substring matches in every language's fields."""

    def prefixes(self, words: list[str]) -> list[tuple[str, list[str]]]:
        # A longer word is looked for without its last letters, for simple inflection.
        return [(word, [word[:-2] if len(word) > 6 else word]) for word in words]

    def apply(
        self, search: Search, queryset: QuerySet, spec: SearchSpec, prefixes=None
    ) -> QuerySet:
        rank = Value(0)
        any_word = Q()
        for alternatives in prefixes or search.prefixes:
            in_group = {}
            for weight, names in zip((3, 2, 1), spec.weighted.values(), strict=False):
                in_group[weight] = Q()
                for name in names:
                    for lang in LANGUAGE_CODES:
                        for prefix in alternatives:
                            in_group[weight] |= Q(**{f"{name}_{lang}__icontains": prefix})
            matches_word = Q()
            for condition in in_group.values():
                matches_word |= condition
            any_word |= matches_word
            if search.mode != "any":
                queryset = queryset.filter(matches_word)
            # Title matches weigh most, then summaries, then the rest: one term per group.
            rank = rank + Case(
                *(When(condition, then=Value(weight)) for weight, condition in in_group.items()),
                default=Value(0),
                output_field=IntegerField(),
            )
        if search.mode == "any":
            queryset = queryset.filter(any_word)
        return queryset.annotate(search_rank=rank).order_by("-search_rank", "pk")

    def similar_municipalities(self, search: Search, places, spec: SearchSpec) -> None:
        return None  # no fallback without pg_trgm

    def similar(self, search, queryset, spec):
        return queryset.none()

    def snippet(self, search: Search, text: str, width: int = 110) -> str:
        # Positions in the text itself: casefold() can change its length ("İ", "ß").
        hits = []
        for alternatives in search.prefixes:
            for prefix in alternatives:
                found = re.search(re.escape(prefix), text, re.IGNORECASE) if prefix else None
                if found:
                    hits.append((found.start(), prefix))
        if not hits:
            return text[: width * 2] + ("…" if len(text) > width * 2 else "")
        start = max(0, min(position for position, _ in hits) - width)
        end = min(len(text), start + width * 2)
        piece = text[start:end]
        for prefix in sorted({prefix for _, prefix in hits}, key=len, reverse=True):
            piece = re.sub(
                rf"(\w*{re.escape(prefix)}\w*)",
                lambda m: START + m.group(1) + STOP,
                piece,
                flags=re.IGNORECASE,
            )
        piece = re.sub(f"{START}+", START, re.sub(f"{STOP}+", STOP, piece))
        return ("…" if start else "") + piece + ("…" if end < len(text) else "")


def backend() -> PostgresSearch | SimpleSearch:
    return PostgresSearch() if connection.vendor == "postgresql" else SimpleSearch()
