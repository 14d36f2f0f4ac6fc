"""The search index: kept current by saves, rebuilt once after a restore, rebuilt on
demand, and the Finnish analysis without Voikko."""

import io

import pytest
from django.core import checks
from django.core.management import call_command

from search import analysis, index
from tests.factories import PracticeFactory, ThemeFactory
from website.cache import content_changed, invalidation_deferred

pytestmark = pytest.mark.django_db


def found(client, query, lang="fi"):
    content_changed()
    path = {"fi": "/fi/haku/", "en": "/en/search/"}[lang]
    response = client.get(path, {"q": query, "type": "practices"})
    return [p.slug for p in response.context["results"]]


def test_a_theme_renamed_finds_its_practices_by_the_new_name(client):
    theme = ThemeFactory(slug="t", name_fi="Kielikahvilat")
    PracticeFactory(slug="p", title_fi="Iltatoiminta", themes=[theme])
    assert found(client, "kielikahvila") == ["p"]

    theme.name_fi = "Ruokapiirit"
    theme.save()

    assert found(client, "ruokapiiri") == ["p"]
    assert found(client, "kielikahvila") == []


def test_a_deleted_practice_leaves_the_index(client):
    practice = PracticeFactory(slug="gone", title_fi="Pyöräilykoulu")
    assert found(client, "pyöräilykoulu") == ["gone"]
    practice.delete()
    assert found(client, "pyöräilykoulu") == []


def test_a_restore_is_indexed_once_at_its_end_not_row_by_row(client, monkeypatch):
    writes, rebuilds = [], []
    real_write, real_replace = index.index_write, index.index_replace
    monkeypatch.setattr(index, "index_write", lambda *a: writes.append(a) or real_write(*a))
    monkeypatch.setattr(
        index, "index_replace", lambda *a: rebuilds.append(a[0]) or real_replace(*a)
    )

    with invalidation_deferred():
        for n in range(30):
            PracticeFactory(slug=f"restored-{n}", title_fi=f"Palautettu kerho {n}")
        assert writes == rebuilds == []  # nothing row by row while the restore writes

    # One rebuild at the end: the whole index of each kind replaced once.
    assert writes == []
    assert sorted(model._meta.label for model in rebuilds) == sorted(
        model._meta.label for model in index.indexed_models()
    )
    assert len(found(client, "kerho")) == 20  # the first page of 30


def test_rebuild_command_reports_its_progress(client):
    PracticeFactory(slug="a", title_fi="Ensimmäinen")
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_search_index", stdout=out, stderr=err)
    assert "Indexed" in out.getvalue()
    assert "rows" in err.getvalue()  # tqdm's bar
    assert found(client, "ensimmäinen") == ["a"]


@pytest.fixture
def without_voikko(monkeypatch):
    """A machine without libvoikko: the analyser cannot be loaded."""
    monkeypatch.setattr(
        analysis, "_voikko_state", {"handle": None, "error": "libvoikko.so.1: not found"}
    )
    analysis.finnish.cache_clear()
    analysis.analyse_word.cache_clear()
    analysis.alternatives.cache_clear()
    yield
    analysis.finnish.cache_clear()
    analysis.analyse_word.cache_clear()
    analysis.alternatives.cache_clear()


def test_without_voikko_check_warns_and_finnish_falls_back_to_snowball(client, without_voikko):
    warnings = [m for m in checks.run_checks() if m.id == "search.W001"]
    assert len(warnings) == 1
    assert "Voikko" in warnings[0].msg and "libvoikko.so.1" in warnings[0].msg

    # Snowball's stem instead of the base form; nothing crashes, inflections still meet.
    assert analysis.analyse_word("nuorten", "fi").primary == "nuort"
    PracticeFactory(slug="young", title_fi="Nuorten kerho")
    assert found(client, "nuorten") == ["young"]


def test_with_voikko_check_is_silent():
    assert analysis.voikko_error() is None
    assert not [m for m in checks.run_checks() if m.id == "search.W001"]
