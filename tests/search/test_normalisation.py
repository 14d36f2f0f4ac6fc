"""Text as Unicode may write it: a visitor or an editor who pastes from a PDF or a Mac
brings letters written in two code points ("a" and a combining diaeresis), ligatures
("ﬁ"), full-width letters and superscripts ("m²"). The search reads them all as the
plain letters they show, and the index follows when that reading changes."""

import io
import threading
import time
import unicodedata

import pytest
from django.core.management import call_command
from django.db import connections

from search import analysis, index
from search.models import IndexState
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def decomposed(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def found(client, query):
    response = client.get("/fi/haku/", {"q": query, "type": "practices"})
    assert response.status_code == 200
    return [p.slug for p in response.context["results"]]


@pytest.fixture
def fresh_analysis():
    """The analysis's caches hold words read by another test's reading."""
    for cached in (analysis.finnish, analysis.analyse_word, analysis.alternatives):
        cached.cache_clear()
    yield
    for cached in (analysis.finnish, analysis.analyse_word, analysis.alternatives):
        cached.cache_clear()


def test_a_decomposed_letter_is_read_as_the_letter(client):
    PracticeFactory(
        slug="pasted",
        title_fi=decomposed("Työelämän mentorit"),
        summary_fi=decomposed("Mentorit tukevat työelämään siirtymistä."),
    )
    PracticeFactory(slug="typed", title_fi="Kesätyö nuorille")
    assert decomposed("työelämä") != "työelämä"  # two ways of writing the same word

    assert found(client, "työelämä") == ["pasted"]
    assert found(client, decomposed("kesätyö")) == ["typed"]
    # The match is marked in the text as it is shown, whichever way it was written.
    html = client.get("/fi/haku/", {"q": "siirtyminen"}).content.decode()
    assert f"<mark>{decomposed('siirtymistä')}</mark>" in html


def test_ligatures_full_width_letters_and_superscripts_read_as_plain_ones(client):
    PracticeFactory(slug="flats", summary_fi="Asuntoja on 30 m² perheille, kerhotila 12 ㎡.")
    PracticeFactory(slug="office", summary_fi="Toimisto on ﬁrman tiloissa.")
    PracticeFactory(slug="mentors", title_fi="Mentorit")

    assert found(client, "m²") == ["flats"]  # found nothing on PostgreSQL before
    assert found(client, "m2") == ["flats"]
    # Shown as written, marked where the search read its word.
    html = client.get("/fi/haku/", {"q": "m2"}).content.decode()
    assert "<mark>m²</mark>" in html and "<mark>㎡</mark>" in html
    assert found(client, "firman") == ["office"]
    assert found(client, "ｍｅｎｔｏｒｉ") == ["mentors"]
    # The search box shows what was typed.
    response = client.get("/fi/haku/", {"q": "ｍｅｎｔｏｒｉ"})
    assert 'value="ｍｅｎｔｏｒｉ"' in response.content.decode()


def test_migrating_rebuilds_an_index_written_by_an_earlier_analysis(
    client, monkeypatch, fresh_analysis
):
    # The index as the analysis before NFKC wrote it: a decomposed "ä" ended its word.
    monkeypatch.setattr(analysis, "normalise", lambda text: text)
    PracticeFactory(slug="pasted", title_fi=decomposed("Työelämän mentorit"))
    IndexState.objects.update_or_create(pk=1, defaults={"analysis": "1 voikko"})
    monkeypatch.undo()
    analysis.analyse_word.cache_clear()
    analysis.alternatives.cache_clear()
    assert found(client, "työelämä") == []  # and the page is cached so

    out = io.StringIO()
    call_command("migrate", stdout=out)  # a release with the new analysis is migrated

    assert "Rebuilding the search index: built by analysis 1 voikko" in out.getvalue()
    assert IndexState.objects.get().analysis == analysis.signature()
    assert found(client, "työelämä") == ["pasted"]


def test_an_index_of_the_current_analysis_is_left_as_it_is(monkeypatch):
    PracticeFactory(slug="p")
    rebuilds = []
    monkeypatch.setattr(index, "index_rebuild", lambda *args: rebuilds.append(args))

    call_command("migrate", verbosity=0)
    assert rebuilds == []

    # A new or flushed database has no record: every row was just indexed by
    # index_missing, so the record is written and nothing is rebuilt.
    IndexState.objects.all().delete()
    assert index.index_follow_analysis() is False
    assert rebuilds == []
    assert IndexState.objects.get().analysis == analysis.signature()


def test_an_index_written_without_voikko_is_rebuilt_when_voikko_comes(monkeypatch):
    with_voikko = analysis.signature()
    monkeypatch.setattr(analysis, "_voikko_state", {"handle": None, "error": "not found"})
    without_voikko = analysis.signature()
    monkeypatch.undo()
    assert with_voikko.endswith("voikko") and without_voikko.endswith("snowball")

    IndexState.objects.update_or_create(pk=1, defaults={"analysis": without_voikko})
    assert index.index_follow_analysis(stdout=io.StringIO()) is True
    assert IndexState.objects.get().analysis == with_voikko


def test_a_machine_without_voikko_does_not_rebuild_an_index_written_with_it(monkeypatch):
    """`migrate` run where Voikko is missing (a deploy container) would make the index
    worse for the servers that search it: it leaves the index, and says so."""
    PracticeFactory(slug="p")
    IndexState.objects.update_or_create(pk=1, defaults={"analysis": "1 voikko"})
    monkeypatch.setattr(analysis, "_voikko_state", {"handle": None, "error": "not found"})
    rebuilds = []
    monkeypatch.setattr(index, "index_rebuild", lambda *args: rebuilds.append(args))

    out = io.StringIO()
    assert index.index_follow_analysis(stdout=out) is False

    assert rebuilds == []
    assert IndexState.objects.get().analysis == "1 voikko"
    assert "Run rebuild_search_index on a server that has Voikko" in out.getvalue()


def test_a_rebuild_before_migrating_to_the_record_rebuilds_and_writes_no_record(
    client, monkeypatch
):
    """The code deployed, `rebuild_search_index` run before `migrate`: there is no table
    for the record yet (as if), and the rebuild still ends."""
    IndexState.objects.update_or_create(pk=1, defaults={"analysis": "1 voikko"})
    monkeypatch.setattr(index, "_state_kept", lambda: False)
    PracticeFactory(slug="p", title_fi="Pyöräilykoulu")
    out = io.StringIO()
    call_command("rebuild_search_index", "--no-progress", stdout=out)
    assert "Indexed" in out.getvalue()
    assert IndexState.objects.get().analysis == "1 voikko"
    assert found(client, "pyöräilykoulu") == ["p"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_servers_migrating_at_once_rebuild_the_index_once(monkeypatch):
    """A release migrated from two servers at the same moment: one rebuilds, the other
    waits and finds the index current (without it, two rebuilds that drop and build
    the same index at once)."""
    IndexState.objects.update_or_create(pk=1, defaults={"analysis": "1 voikko"})
    rebuilds, started = [], threading.Event()

    def slow_rebuild(*_args, **_kwargs):
        rebuilds.append(threading.current_thread().name)
        started.set()
        time.sleep(0.5)  # the other server migrates now
        index.analysis_recorded()

    monkeypatch.setattr(index, "index_rebuild_all", slow_rebuild)
    answers, failed = {}, {}

    def migrate_here():
        name = threading.current_thread().name
        try:
            if name == "second":
                started.wait(10)
            answers[name] = index.index_follow_analysis(stdout=io.StringIO())
        except Exception as error:  # noqa: BLE001 – what went wrong is the finding
            failed[name] = error
        finally:
            connections.close_all()

    servers = [threading.Thread(target=migrate_here, name=n) for n in ("first", "second")]
    for server in servers:
        server.start()
    for server in servers:
        server.join(30)

    assert failed == {}
    assert rebuilds == ["first"]
    assert answers == {"first": True, "second": False}
