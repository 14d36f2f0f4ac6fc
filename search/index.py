"""The search index, kept by one code path on every database.

Each searchable row becomes a document of analysed terms (search/analysis.py): its
texts in their own languages by weight (title A, summary B, the rest C) and the names
of its vocabulary terms in all three languages (B). The same document is written

* on PostgreSQL into the row's `search_vector` (a tsvector of the terms themselves,
  each at its word's position with its weight), GIN- or RUM-indexed;
* on SQLite into an FTS5 table beside the model's table (`<table>_fts`, rowid = the
  row's id), one column a weight: each word's primary term in order, so that phrases
  match, then the word's other terms.

On PostgreSQL with RUM, each term of a row also goes into `search_posting` with the
row's distance for that term alone, so that a search of one term reads its best rows
in order from a B-tree instead of ranking every match (search/engine.py,
`RankedTerm`); written with the vector, by the same code.

The words as written go into `search_word`, the vocabulary spelling suggestions come
from. Saves keep the index current (`connect_signals`); a restore, which writes
thousands of rows, rebuilds it once at the end instead (`website.cache`'s deferral);
`manage.py rebuild_search_index` rebuilds all of it.
"""

import contextlib
import sys
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.db.models.signals import m2m_changed, post_delete, post_save

from website import cache

from . import analysis, sql
from .models import IndexState

WEIGHTS = ("A", "B", "C")
VOCABULARY_WEIGHT = "B"
MAX_POSITION = 16383  # the largest position a tsvector holds
BATCH = 500
REBUILD_SHARE = 0.1  # a rebuild that changes more rows than this drops and re-creates the index


_indexed: dict = {}  # model → its SearchSpec, filled by `connect` (search.registry.register)
_public: dict = {}  # model → what visitors may find (published practices…)


def indexed_models() -> dict:
    """Model → its SearchSpec, for every registered kind of content."""
    return dict(_indexed)


def fts_table(model) -> str:
    return f"{model._meta.db_table}_fts"


def documents(model, spec, pks: Iterable[int]) -> tuple[dict[int, dict], set[str]]:
    """The analysed documents of these rows (pk → weight → words), and the words written
    in those of them visitors may find (a draft's words are never suggested)."""
    pks = list(pks)
    public = set(_public[model]().filter(pk__in=pks).values_list("pk", flat=True))
    docs = {pk: {weight: [] for weight in WEIGHTS} for pk in pks}
    written: set[str] = set()
    columns = [
        (weight, f"{name}_{lang}", lang)
        for weight, names in zip(WEIGHTS, spec.weighted.values(), strict=False)
        for name in names
        for lang in analysis.LANGUAGES
    ]
    rows = model._base_manager.filter(pk__in=pks).values_list(
        "pk", *(column for _w, column, _l in columns)
    )
    for pk, *texts in rows:
        for (weight, _column, lang), text in zip(columns, texts, strict=True):
            if text:
                docs[pk][weight].append(analysis.words(text, lang))
                if pk in public:
                    written.update(word.casefold() for word in analysis.tokens(text))
    # One query per relation for its names in every language (themes__name_fi, _sv…).
    named = defaultdict(list)
    for lookup in spec.vocabulary:
        named[lookup.rsplit("__", 1)[0]].append(lookup)
    names = {}
    for relation, lookups in named.items():
        related = model._base_manager.filter(pk__in=pks, **{f"{relation}__isnull": False})
        related_rows = list(related.values_list("pk", *lookups))
        for n, lookup in enumerate(lookups, start=1):
            # Each name once per row, in the same order every time: a document that
            # has not changed is the same vector, and a rebuild leaves its row alone.
            names[lookup] = sorted({(row[0], row[n]) for row in related_rows if row[n] is not None})
    for lookup in spec.vocabulary:
        lang = lookup.rsplit("_", 1)[1]
        for pk, name in names[lookup]:
            docs[pk][VOCABULARY_WEIGHT].append(analysis.words(name, lang))
            if pk in public:
                written.update(word.casefold() for word in analysis.tokens(name))
    found = {pk for pk, *_ in rows}
    return {pk: doc for pk, doc in docs.items() if pk in found}, written


def tsvector(doc: dict) -> str:
    """The document as a tsvector literal: 'term':position+weight, a word's terms sharing
    its position, a gap between fields."""
    positions = defaultdict(list)
    position = 0
    for weight in WEIGHTS:
        for field in doc[weight]:
            position += 1  # no phrase runs from one field into the next
            for word in field:
                position = min(position + 1, MAX_POSITION)
                for term in word.terms:
                    positions[term].append(f"{position}{weight if weight != 'D' else ''}")
    return " ".join(
        "'" + term.replace("'", "''") + "':" + ",".join(places[:256])
        for term, places in positions.items()
    )


def fts_columns(doc: dict) -> list[str]:
    """The document as the FTS5 table's columns, one a weight: each word's primary term
    in order (for phrases), then the words' other terms."""
    columns = []
    for weight in WEIGHTS:
        primaries, others = [], []
        for field in doc[weight]:
            for word in field:
                primaries.append(word.primary)
                others.extend(word.terms[1:])
            primaries.append("")  # keeps a phrase inside one field
        columns.append(" ".join(primaries) + " " + " ".join(others))
    return columns


def _words_to_keep(written: set[str]) -> list[str]:
    return sorted(word for word in written if 3 <= len(word) <= 60 and not word.isdigit())


def words_write(cursor, written: set[str]) -> None:
    """Add the words visitors may find to the vocabulary of suggestions."""
    words = _words_to_keep(written)
    if not words:
        return
    if connection.vendor == "postgresql":  # one statement, however many words
        cursor.execute(
            "INSERT INTO search_word (word) SELECT unnest(%s::text[]) "
            "ON CONFLICT (word) DO NOTHING",
            [words],
        )
    else:
        cursor.executemany(
            "INSERT INTO search_word (word) VALUES (%s) ON CONFLICT (word) DO NOTHING",
            [(w,) for w in words],
        )


def posting_source(model) -> int:
    """The number a model's rows go under in `search_posting`: its content type."""
    return ContentType.objects.get_for_model(model, for_concrete_model=False).pk


_rum: dict[tuple[str, str], bool] = {}


def rum_in_use(table: str) -> bool:
    """Whether the table's vectors have a RUM index (looked up once per process, for
    the searches and the saves alike)."""
    key = (connection.settings_dict["NAME"], table)
    if key not in _rum:
        _rum[key] = sql.rum_in_use(connection, table)
    return _rum[key]


def postings_kept(model) -> bool:
    """Whether the model's terms are kept in `search_posting`: on PostgreSQL, where its
    vectors have a RUM index (the distances are RUM's own, `<=>`)."""
    return connection.vendor == "postgresql" and rum_in_use(model._meta.db_table)


@transaction.atomic
def postings_write(cursor, model, pks: list[int] | None) -> None:
    """Write the postings of these rows anew (of every row of the table for None): each
    of its terms with the row's RUM distance for a query of that term alone, worked out
    by PostgreSQL from the vector as it is now.

    In one transaction, holding the rows: a save of one of them meanwhile would keep
    its own postings beside the ones written here (the same row twice on a page). The
    rows are locked first, in order of id (a save has locked its own already, by
    updating it); for every row, the caller holds the whole table (`index_replace`),
    so the locks are always taken in the order saves take them: the table's, then the
    postings'.
    """
    source = posting_source(model)
    table = model._meta.db_table
    if pks is None:
        cursor.execute("DELETE FROM search_posting WHERE source = %s", [source])
        only, params = "", [source]
    else:
        cursor.execute(
            f"SELECT 1 FROM {table} WHERE id = ANY(%s) ORDER BY id FOR UPDATE",  # noqa: S608
            [pks],
        )
        cursor.execute(
            "DELETE FROM search_posting WHERE source = %s AND doc = ANY(%s)", [source, pks]
        )
        only, params = " WHERE t.id = ANY(%s)", [source, pks]
    # plainto_tsquery: a term is one lexeme of its own; it never fails on any text.
    cursor.execute(
        "INSERT INTO search_posting (source, term, doc, distance) "  # noqa: S608
        "SELECT %s, u.lexeme, t.id, "
        "(t.search_vector <=> plainto_tsquery('simple', u.lexeme))::real "
        f"FROM {table} t, unnest(t.search_vector) u{only}",
        params,
    )


def postings_missing(model) -> None:
    """Write the postings of the rows that have a vector and none (a database migrated
    from before they were kept)."""
    if not postings_kept(model):
        return
    source = posting_source(model)
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.id FROM {table} t WHERE t.search_vector IS NOT NULL "  # noqa: S608
            "AND length(t.search_vector) > 0 AND NOT EXISTS "
            "(SELECT 1 FROM search_posting p WHERE p.source = %s AND p.doc = t.id)",
            [source],
        )
        pks = [pk for (pk,) in cursor.fetchall()]
        if pks:
            postings_write(cursor, model, pks)


def index_write(model, docs: dict[int, dict], written: set[str]) -> None:
    """Rewrite the index of a few rows (a save, an import's batch)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(
                f"UPDATE {model._meta.db_table} SET search_vector = %s::tsvector WHERE id = %s",
                [(tsvector(doc), pk) for pk, doc in docs.items()],
            )
            if postings_kept(model):
                postings_write(cursor, model, list(docs))
        else:
            table = fts_table(model)
            ids = list(docs)
            cursor.execute(
                f"DELETE FROM {table} WHERE rowid IN ({', '.join(['%s'] * len(ids))})", ids
            )
            cursor.executemany(
                f"INSERT INTO {table} (rowid, a, b, c) VALUES (%s, %s, %s, %s)",
                [(pk, *fts_columns(doc)) for pk, doc in docs.items()],
            )
        words_write(cursor, written)


def search_index_definition(cursor, table: str) -> tuple[str, str] | None:
    """(name, CREATE INDEX statement) of the table's RUM or GIN index of the vectors."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname IN (%s, %s)",
        [table, f"{table}_search_rum", f"{table}_search_gin"],
    )
    return cursor.fetchone()


def index_replace(model, rows: list[tuple], written: set[str], every_posting=False) -> None:
    """Replace the whole index of a model by these rows: (pk, tsvector literal) on
    PostgreSQL, (pk, a, b, c) on SQLite. Run inside a transaction.

    On PostgreSQL the vectors are copied into a temporary table (COPY) and written by
    one UPDATE, only where they changed; when many did, with the table's RUM or GIN
    index dropped and built anew afterwards: updating 60,000 rows one by one with a
    RUM index in place took minutes (docs/performance.md).
    """
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if postings_kept(model):
                # Saves of this kind wait until the postings are written (a save
                # meanwhile would keep its own beside them); taken before the postings,
                # as a save takes them, so that the two never wait for each other.
                cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
            scratch = f"{table}_search_rebuild"
            cursor.execute(f"CREATE TEMPORARY TABLE {scratch} (id integer, vector tsvector)")
            with cursor.cursor.copy(f"COPY {scratch} (id, vector) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            changed = (
                f"{table}.id = {scratch}.id "
                f"AND {table}.search_vector IS DISTINCT FROM {scratch}.vector"
            )
            cursor.execute(f"SELECT count(*) FROM {table}, {scratch} WHERE {changed}")  # noqa: S608
            # Many rows changed: faster to build the index anew than to update it row by row.
            definition = (
                search_index_definition(cursor, table)
                if cursor.fetchone()[0] > REBUILD_SHARE * len(rows)
                else None
            )
            if definition:
                # Rows written earlier in this transaction (a restore) have their foreign
                # keys checked now: an index cannot be built with those checks pending.
                connection.check_constraints()
                cursor.execute(f"DROP INDEX {definition[0]}")
            cursor.execute(
                f"UPDATE {table} SET search_vector = {scratch}.vector "  # noqa: S608
                f"FROM {scratch} WHERE {changed} RETURNING {table}.id"
            )
            updated = [pk for (pk,) in cursor.fetchall()]
            if definition:
                cursor.execute(definition[1])
            cursor.execute(f"DROP TABLE {scratch}")
            if postings_kept(model):
                # Every row's anew when many changed; else the changed rows', and any
                # row's that has none.
                if definition or every_posting:
                    postings_write(cursor, model, None)
                else:
                    if updated:
                        postings_write(cursor, model, updated)
                    postings_missing(model)
        else:
            cursor.execute(f"DELETE FROM {fts_table(model)}")
            cursor.executemany(
                f"INSERT INTO {fts_table(model)} (rowid, a, b, c) VALUES (%s, %s, %s, %s)", rows
            )
        words_write(cursor, written)


def index_objects(model, pks: Iterable[int]) -> None:
    """Bring the index of these rows of a searchable model up to date."""
    spec = indexed_models().get(model)
    pks = list(pks)
    if spec is None or not pks:
        return
    for start in range(0, len(pks), BATCH):
        docs, written = documents(model, spec, pks[start : start + BATCH])
        if docs:
            index_write(model, docs, written)


def index_remove(model, pks: list[int]) -> None:
    if postings_kept(model) and pks:
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM search_posting WHERE source = %s AND doc = ANY(%s)",
                [posting_source(model), pks],
            )
    if connection.vendor != "postgresql" and pks:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {fts_table(model)} WHERE rowid IN ({', '.join(['%s'] * len(pks))})",
                pks,
            )


def index_rebuild(model, progress=None, every_posting=False) -> int:
    """The whole index of one model, anew; `progress(n)` after each batch analysed.
    Returns the rows.

    The rows are analysed first, in batches, with no lock beyond reading; then the
    index is replaced in one short transaction (`index_replace`).
    """
    spec = indexed_models()[model]
    encode = (
        (lambda doc: (tsvector(doc),))
        if connection.vendor == "postgresql"
        else (lambda doc: tuple(fts_columns(doc)))
    )
    ids = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
    rows, written = [], set()
    for start in range(0, len(ids), BATCH):
        docs, words = documents(model, spec, ids[start : start + BATCH])
        rows.extend((pk, *encode(doc)) for pk, doc in docs.items())
        written |= words
        if progress:
            progress(len(docs))
    with transaction.atomic():
        index_replace(model, rows, written, every_posting)
    return len(rows)


def index_rebuild_all(progress=None, every_posting=False) -> None:
    """The whole index anew. `every_posting`: write every row's postings, not only
    those of the rows whose vector changed (after a restore, whose rows may carry
    vectors of their own under ids that had other postings)."""
    words_forget()
    for model in indexed_models():
        index_rebuild(model, progress, every_posting)
    rebuilt()


def rebuilt() -> None:
    """After the whole index was written anew: remember the analysis it was written by,
    refresh PostgreSQL's statistics, and make the cached pages stale (a search may now
    find what it did not)."""
    analysis_recorded()
    if connection.vendor == "postgresql":
        models = indexed_models()
        with connection.cursor() as cursor:
            for model in models:
                cursor.execute(f"ANALYZE {model._meta.db_table}")
            if any(postings_kept(model) for model in models):
                # The postings were written anew: VACUUM marks their pages all visible,
                # so that a term's rows are read from the index alone (it cannot run
                # inside a transaction: a restore's, or a test's).
                vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
                cursor.execute(f"{vacuum} search_posting")
    cache.content_changed()


def _state_kept() -> bool:
    """Whether the database has the record of the analysis (not before its migration)."""
    return IndexState._meta.db_table in connection.introspection.table_names()


def analysis_recorded() -> None:
    """Remember that the index is the current analysis's."""
    if _state_kept():
        IndexState.record(analysis.signature())


def index_follow_analysis(stdout=None, verbosity=1, **_kwargs) -> bool:
    """After migrating: rebuild the whole index when it was built by another analysis
    than the code's (a new `analysis.VERSION`, or Voikko installed since); True if it
    was rebuilt, and `migrate` says so.

    Never to a weaker analysis: on a machine without Voikko an index built with it is
    left as it is (the servers that search it have Voikko), and `migrate` says why.
    A database with no record (emptied by a flush) has just had every row indexed by
    `index_missing`: its record is written, with no rebuild."""
    if not _state_kept():
        return False  # migrated back to before the record
    with _one_migrate_at_a_time():  # two servers migrating at once: one rebuilds
        recorded = IndexState.recorded()
        current = analysis.signature()
        if recorded is None:
            IndexState.record(current)
            return False
        if recorded == current:
            return False
        say = (stdout or sys.stdout).write if verbosity else (lambda _text: None)
        if analysis.voikko_error() and recorded.endswith(" voikko"):
            say(
                f"The search index was built with Voikko ({recorded}); Voikko is not "
                f"available here ({analysis.voikko_error()}), so it was not rebuilt. Run "
                "rebuild_search_index on a server that has Voikko.\n"
            )
            return False
        say(f"Rebuilding the search index: built by analysis {recorded}, now {current}.\n")
        index_rebuild_all()
        return True


FOLLOW_LOCK = 0x5EA2C4  # PostgreSQL's advisory lock for the analysis's rebuild


@contextlib.contextmanager
def _one_migrate_at_a_time():
    """On PostgreSQL, an advisory lock for the session: a second process waits, then
    finds the record current. (SQLite lets one writer in at a time anyway.)"""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [FOLLOW_LOCK])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [FOLLOW_LOCK])


def words_forget() -> None:
    """Empty the vocabulary of suggestions: a rebuild writes the words visitors may find now."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_word")


def rows_to_index(model) -> int:
    return model._base_manager.count()


# Keeping the index current ------------------------------------------------------


def _saved(sender, instance, raw=False, **_kwargs):
    if raw or cache.changes_deferred():
        return  # a restore: rebuilt once at its end
    index_objects(sender, [instance.pk])


def _deleted(sender, instance, **_kwargs):
    if cache.changes_deferred():
        return
    index_remove(sender, [instance.pk])


def _relations_changed(model, instance, action, reverse, pk_set, **_kwargs):
    if not action.startswith("post_") or cache.changes_deferred():
        return
    if reverse:  # a theme's practices changed, from the theme's side
        if pk_set:
            index_objects(model, pk_set)
    else:
        index_objects(model, [instance.pk])


def _vocabulary_saved(model, relation, instance, raw=False, **_kwargs):
    """A theme renamed: the rows it names are found by the new name."""
    if raw or cache.changes_deferred():
        return
    pks = model._base_manager.filter(**{relation: instance}).values_list("pk", flat=True)
    index_objects(model, pks)


def _restored(**_kwargs):
    index_rebuild_all(every_posting=True)


def connect(model, spec, public) -> None:
    """Keep the index of a model current as its rows and their vocabulary change;
    `public()` is the queryset of the rows visitors may find."""
    _indexed[model] = spec
    _public[model] = public
    label = model._meta.label
    post_save.connect(_saved, sender=model, dispatch_uid=f"search-save-{label}")
    post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-delete-{label}")
    relations = {lookup.split("__")[0] for lookup in spec.vocabulary}
    for name in relations:
        through = model._meta.get_field(name).remote_field.through

        def changed(sender, model_=model, name_=name, **kwargs):
            kwargs.pop("model", None)
            _relations_changed(model_, **kwargs)

        m2m_changed.connect(
            changed, sender=through, weak=False, dispatch_uid=f"search-m2m-{label}-{name}"
        )
    for lookup in spec.vocabulary:
        relation = lookup.rsplit("__", 1)[0]
        related = model
        for part in relation.split("__"):
            related = related._meta.get_field(part).related_model

        def renamed(sender, instance, model_=model, relation_=relation, **kwargs):
            _vocabulary_saved(model_, relation_, instance, **kwargs)

        post_save.connect(
            renamed,
            sender=related,
            weak=False,
            dispatch_uid=f"search-vocabulary-{label}-{relation}",
        )


cache.content_restored.connect(_restored, dispatch_uid="search-restored")


def index_missing(**_kwargs) -> None:
    """After migrating: index the rows that are not yet (a new table, a database migrated
    from the trigger's vectors)."""
    for model in indexed_models():
        if connection.vendor == "postgresql":
            missing = model._base_manager.filter(search_vector__isnull=True)
        else:
            indexed = RawSQL(f"SELECT rowid FROM {fts_table(model)}", [])  # noqa: S611
            missing = model._base_manager.exclude(pk__in=indexed)
        index_objects(model, missing.values_list("pk", flat=True))
        postings_missing(model)
