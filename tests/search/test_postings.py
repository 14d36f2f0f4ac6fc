"""PostgreSQL with RUM: a search of one term reads its best rows from the term's
postings, in the order the RUM index gives; a prefix is asked for as the one term it
begins; a prefix that begins several terms is sorted by its distances in full, so that
its pages neither repeat nor skip a row."""

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.http import QueryDict

from practices.models import Practice
from practices.searchable import PRACTICES
from projects.models import Project
from search import engine, index
from search.engine import Search, first_ids, ranked_term
from tests.factories import PracticeFactory, ProjectFactory, ThemeFactory
from website.cache import content_changed

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _rum():
    index._rum.clear()  # each test database is new: look the index up again
    if not index.postings_kept(PRACTICES.queryset().model):
        pytest.skip("the RUM extension is not installed here")
    yield
    index._rum.clear()


def searched(text: str):
    return Search.parse(text).apply(PRACTICES.queryset(), PRACTICES.spec)


def postings_of(practice) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT term FROM search_posting WHERE source = %s AND doc = %s",
            [index.posting_source(type(practice)), practice.pk],
        )
        return {term for (term,) in cursor.fetchall()}


def in_index_order_only():
    """Make PostgreSQL read every search through its RUM index, as it does at scale."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")


def test_a_one_word_search_reads_its_best_rows_from_the_postings_in_the_rum_order():
    for n in range(8):
        PracticeFactory(title_en=f"Zebrafish club {n}", summary_en="Meet " + "zebrafish " * n)
    for n in range(6):
        PracticeFactory(title_en=f"Club {n}", summary_en="Zebrafish.")

    results = searched("zebrafish")

    assert ranked_term(results).term == "zebrafish"
    # The order PostgreSQL gives when it ranks every match itself, by (distance, id).
    everything = list(results.values_list("pk", flat=True))
    assert len(everything) == 14
    assert first_ids(results, 0, 5) + first_ids(results, 5, 20) == everything
    assert engine.best_ids({"practices": results}, 6)["practices"] == everything[:6]


def test_a_prefix_is_asked_for_as_the_one_term_it_begins_and_left_out_where_it_begins_none():
    PracticeFactory(slug="fish", title_en="Zebrafish club")

    results = searched("zebraf")  # a typed beginning

    assert ranked_term(results).term == "zebrafish"
    assert list(results.values_list("slug", flat=True)) == ["fish"]
    # A word that begins no term of the practices matches none of them, at once.
    assert searched("qwertyuiop").query.is_empty()


def test_a_prefix_that_begins_several_terms_is_sorted_in_full_and_pages_do_not_repeat(client):
    # Each practice holds a different word beginning "zebra": the RUM index ranks a
    # prefix by one of them, the row's distance by all, so the index's order is not
    # the distances' order.
    words = ["zebra", "zebrafish", "zebrawood", "zebraline"]
    for n in range(44):
        picked = [words[(n + k) % 4] for k in range(1 + n % 3)]
        PracticeFactory(
            slug=f"z-{n:02}", title_en=" ".join(picked), summary_en=" ".join(words[: n % 4])
        )
    in_index_order_only()

    results = searched("zebr")
    assert ranked_term(results) is None and not engine.index_ordered(results)

    def page(number):
        content_changed()
        params = {"q": "zebr", "type": "practices", "page": number}
        return [p.slug for p in client.get("/en/search/", params).context["results"]]

    shown = page(1) + page(2) + page(3)
    assert shown == list(results.values_list("slug", flat=True))
    assert len(shown) == len(set(shown)) == 44


def test_postings_follow_saves_and_deletes():
    practice = PracticeFactory(title_en="Zebrafish club")
    assert "zebrafish" in postings_of(practice)

    practice.title_en = "Seahorse club"
    practice.save()
    assert "seahors" in postings_of(practice)
    assert "zebrafish" not in postings_of(practice)
    assert searched("zebrafish").count() == 0

    practice.delete()
    assert postings_of(practice) == set()


def test_a_rebuild_writes_the_postings_of_rows_that_have_none():
    practice = PracticeFactory(title_en="Zebrafish club")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_posting")

    index.index_rebuild_all()

    assert "zebrafish" in postings_of(practice)
    assert ranked_term(searched("zebrafish")) is not None


def test_facet_counts_of_a_one_word_search_are_those_of_its_matches():
    work, youth = ThemeFactory(slug="work"), ThemeFactory(slug="youth")
    for n in range(9):
        PracticeFactory(
            title_en=f"Zebrafish {n}",
            themes=[work] if n % 2 else [work, youth],
            suits_small=n % 3 == 0,
        )
    PracticeFactory(title_en="Seahorse", themes=[work, youth], suits_small=True)
    PracticeFactory(title_en="Zebrafish draft", status="draft", themes=[work])

    def counted(results, query):
        filterset = PRACTICES.filterset_class(
            QueryDict(query), queryset=results, search_results=True
        )
        counts = filterset.count()
        facets = [(f.name, [(o.value, o.count) for o in f.options]) for f in counts.facets]
        return counts.total, facets

    for query in ("", "size=small", "theme=youth", "theme=youth&size=small"):
        content_changed()
        results = searched("zebrafish")
        assert ranked_term(results) is not None
        read = searched("zebrafish")
        del read.query.ranked_term  # the matches read from every row's vector instead
        assert counted(results, query) == counted(read, query), query
    assert counted(searched("zebrafish"), "")[0] == 9


def test_a_table_whose_postings_are_not_written_yet_is_searched_as_typed():
    # Just migrated: the postings are written after migrating (`index_missing`); a
    # search meanwhile must not take "no term begins so" for "nothing matches".
    PracticeFactory(slug="fish", title_en="Zebrafish club")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_posting")

    results = searched("zebrafish")

    assert list(results.values_list("slug", flat=True)) == ["fish"]
    assert ranked_term(results) is None


def doubled_postings() -> list:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT source, doc, term FROM search_posting "
            "GROUP BY source, doc, term HAVING count(*) > 1"
        )
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_a_theme_renamed_while_the_projects_are_rebuilt_waits_and_neither_fails(monkeypatch):
    # An editor renames a theme: in one transaction its practices are indexed anew,
    # then its projects. Meanwhile the projects' index is rebuilt, every posting anew.
    # Found by review: the rebuild locked the postings after the projects, the editor
    # the other way round, and PostgreSQL ended one of them as a deadlock.
    theme = ThemeFactory(slug="work", name_en="Work")
    PracticeFactory(title_en="Zebrafish", themes=[theme])
    projects = [ProjectFactory(name_fi=f"Merihevonen {n}", themes=[theme]) for n in range(3)]
    with connection.cursor() as cursor:  # out of date, so that the rebuild changes it
        cursor.execute("UPDATE projects_project SET search_vector = NULL")
    monkeypatch.setattr(index, "REBUILD_SHARE", 0.0)  # every posting written anew
    practices_done, rebuilding = threading.Event(), threading.Event()
    write_postings, index_objects = index.postings_write, index.index_objects

    def slow_rebuild(cursor, model, pks):
        if pks is None:
            rebuilding.set()
            time.sleep(1)  # the editor reaches the projects now
        return write_postings(cursor, model, pks)

    def editor_in_turns(model, pks):
        if model is Project and threading.current_thread().name == "editor":
            practices_done.set()
            rebuilding.wait(10)
            time.sleep(0.2)
        return index_objects(model, pks)

    monkeypatch.setattr(index, "postings_write", slow_rebuild)
    monkeypatch.setattr(index, "index_objects", editor_in_turns)
    failed = {}

    def editor():
        try:
            with transaction.atomic():
                renamed = type(theme).objects.get(pk=theme.pk)
                renamed.name_en = "Seahorses"
                renamed.save()
        except Exception as error:  # noqa: BLE001 – what went wrong is the finding
            failed["editor"] = error
        finally:
            connections.close_all()

    def rebuild():
        try:
            practices_done.wait(10)
            index.index_rebuild(Project)
        except Exception as error:  # noqa: BLE001
            failed["rebuild"] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=editor, name="editor"), threading.Thread(target=rebuild)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert failed == {}
    assert doubled_postings() == []
    index._rum.clear()
    found = Search.parse("seahorses").apply(Project.objects.all(), index.indexed_models()[Project])
    assert sorted(found.values_list("pk", flat=True)) == sorted(p.pk for p in projects)


@pytest.mark.django_db(transaction=True)
def test_missing_postings_written_while_the_row_is_saved_are_written_once():
    # After migrating, the rows without postings get theirs (`postings_missing`, no
    # transaction of its own) while an editor saves one of them. Found by review: both
    # wrote the row's postings, and a page of results showed it twice.
    practice = PracticeFactory(title_en="Zebrafish club")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_posting WHERE doc = %s", [practice.pk])
    saved = threading.Event()

    def editor():
        try:
            with transaction.atomic():
                edited = Practice.objects.get(pk=practice.pk)
                edited.title_en = "Zebrafish group"
                edited.save()
                saved.set()
                time.sleep(0.5)  # the missing postings are written meanwhile
        finally:
            connections.close_all()

    thread = threading.Thread(target=editor)
    thread.start()
    saved.wait(10)
    index.postings_missing(Practice)
    thread.join(30)

    assert doubled_postings() == []
    assert first_ids(searched("zebrafish"), 0, 20) == [practice.pk]
