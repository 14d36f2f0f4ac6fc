"""Every public page of the catalogue, in every language."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import (
    AdoptionFactory,
    CriterionAssessmentFactory,
    CriterionFactory,
    MunicipalityFactory,
    PracticeFactory,
    PracticeLinkFactory,
    ThemeFactory,
)
from website.cache import content_version

pytestmark = pytest.mark.django_db

LANGUAGES = ["fi", "sv", "en"]
PATHS = {
    "fi": {"list": "/fi/hyvat-kaytannot/", "criteria": "/fi/mika-on-hyva-kaytanto/"},
    "sv": {"list": "/sv/god-praxis/", "criteria": "/sv/vad-ar-god-praxis/"},
    "en": {"list": "/en/good-practices/", "criteria": "/en/what-makes-a-good-practice/"},
}


@pytest.fixture
def practice():
    criterion = CriterionFactory(name_fi="Tavoitteellinen", name_sv="Målinriktad")
    practice = PracticeFactory(slug="vertaiskoto", themes=[ThemeFactory()])
    practice.assessments.create(
        criterion=criterion, rating=3, how_met_fi="Hyvin.", how_met_sv="Väl.", how_met_en="Well."
    )
    return practice


def url(name, lang, **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def page_urls(lang):
    return [
        url("practices:home", lang),
        PATHS[lang]["list"],
        f"{PATHS[lang]['list']}vertaiskoto/",
        PATHS[lang]["criteria"],
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_public_page_answers_in_its_language_with_alternates(client, practice, lang):
    for path in page_urls(lang):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert f'<html lang="{lang}">' in html
        assert f'<link rel="canonical" href="http://testserver{path}">' in html
        alternates = dict(
            re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', html)
        )
        assert set(alternates) == {"fi", "sv", "en", "x-default"}
        assert alternates[lang] == f"http://testserver{path}"
        assert alternates["x-default"] == alternates["fi"]


def test_paths_are_translated(client, practice):
    assert url("practices:list", "fi") == "/fi/hyvat-kaytannot/"
    assert url("practices:list", "sv") == "/sv/god-praxis/"
    assert url("practices:list", "en") == "/en/good-practices/"
    assert url("practices:detail", "sv", slug="vertaiskoto") == "/sv/god-praxis/vertaiskoto/"


def test_language_switcher_keeps_the_practice(client, practice):
    html = client.get("/sv/god-praxis/vertaiskoto/").content.decode()
    assert 'href="/fi/hyvat-kaytannot/vertaiskoto/" lang="fi"' in html
    assert 'href="/en/good-practices/vertaiskoto/" lang="en"' in html


def test_language_switcher_keeps_the_filters(client, practice):
    html = client.get("/sv/god-praxis/?theme=x&size=small&page=1").content.decode()
    assert 'href="/fi/hyvat-kaytannot/?theme=x&amp;size=small&amp;page=1" lang="fi"' in html


def test_root_redirects_to_a_language(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/fi/"


def test_detail_lays_out_the_criteria_one_by_one(client, practice):
    html = client.get("/sv/god-praxis/vertaiskoto/").content.decode()
    assert "Målinriktad" in html
    assert "3 – uppfylls utmärkt" in html


@pytest.mark.parametrize("status", ["draft", "archived"])
def test_unpublished_practices_are_hidden_from_visitors(client, status):
    hidden = PracticeFactory(slug="hidden", **{status: True})
    for lang in LANGUAGES:
        assert client.get(f"{PATHS[lang]['list']}hidden/").status_code == 404
        assert hidden.title_fi not in client.get(PATHS[lang]["list"]).content.decode()
    assert hidden.title_fi not in client.get("/fi/").content.decode()


# Texts missing in the visitor's language --------------------------------------


def test_finnish_only_practice_is_shown_in_finnish_with_lang_and_note(client):
    PracticeFactory(
        slug="only-fi",
        title_sv="",
        title_en="",
        summary_sv="",
        summary_en="",
        title_fi="Vain suomeksi",
        summary_fi="Tiivistelmä.",
    )
    html = client.get("/sv/god-praxis/only-fi/").content.decode()
    assert '<h1 lang="fi">Vain suomeksi</h1>' in html
    assert "Ännu inte översatt till detta språk: visas på finska." in html


def test_an_assessment_shown_in_finnish_is_noted_on_an_english_page(client):
    assessment = CriterionAssessmentFactory(
        practice=PracticeFactory(slug="mostly-en"), how_met_en="", how_met_fi="Varmistaa."
    )
    html = client.get("/en/good-practices/mostly-en/").content.decode()
    assert assessment.practice.title_en in html
    assert "Not yet translated into this language: shown in Finnish." in html


def test_fallback_is_marked_on_the_list_card(client):
    PracticeFactory(slug="only-fi", title_en="", summary_en="", title_fi="Vain suomeksi")
    html = client.get("/en/good-practices/").content.decode()
    assert 'lang="fi">Vain suomeksi</a>' in html
    assert "Not yet translated into this language: shown in Finnish." in html


def test_swedish_only_practice_falls_back_to_swedish_for_finnish_visitors(client):
    PracticeFactory(
        slug="only-sv",
        title_fi="",
        title_en="",
        summary_fi="",
        summary_en="",
        organisation_fi="",
        organisation_en="",
        title_sv="Bara på svenska",
    )
    html = client.get("/fi/hyvat-kaytannot/only-sv/").content.decode()
    assert '<h1 lang="sv">Bara på svenska</h1>' in html
    assert "Ei vielä käännetty tälle kielelle: näytetään ruotsiksi." in html


def test_fully_translated_practice_has_no_note(client, practice):
    html = client.get("/en/good-practices/vertaiskoto/").content.decode()
    assert "Not yet translated" not in html
    assert "<h1>Practice" in html


# Bad input --------------------------------------------------------------------


def test_unknown_filter_values_give_a_normal_page_with_a_message(client, practice):
    response = client.get("/en/good-practices/?theme=nope&size=huge&year=abc&region=x")
    assert response.status_code == 200
    html = response.content.decode()
    assert "nope is not one of the choices." in html
    assert "abc is not a year." in html


def test_unknown_values_are_left_out_and_the_valid_ones_still_apply(client, practice):
    other = PracticeFactory(slug="other")
    theme = practice.themes.get()
    html = client.get(f"/en/good-practices/?theme={theme.slug}&size=huge").content.decode()
    assert practice.title_en in html
    assert other.title_en not in html


@pytest.mark.parametrize("page", ["abc", "99999", "-1", "0"])
def test_impossible_page_numbers_give_404(client, practice, page):
    assert client.get(f"/en/good-practices/?page={page}").status_code == 404


def test_unknown_slug_gives_404_page_in_the_visitors_language(client):
    response = client.get("/sv/god-praxis/finns-inte/")
    assert response.status_code == 404
    assert "Sidan hittades inte" in response.content.decode()


def test_very_long_query_string_gives_a_normal_page(client, practice):
    response = client.get("/en/good-practices/?theme=" + "x" * 5000 + "&sort=" + "y" * 3000)
    assert response.status_code == 200


def test_sort_by_title_uses_the_visitors_language(client):
    PracticeFactory(title_sv="Bbb", title_en="Aaa")
    PracticeFactory(title_sv="Aaa", title_en="Bbb")
    PracticeFactory(title_sv="", title_fi="Ccc", title_en="Ccc")
    html = client.get("/sv/god-praxis/?sort=title").content.decode()
    titles = re.findall(r'<h3><a href="[^"]+"(?: lang="\w+")?>([^<]+)</a>', html)
    assert titles == ["Aaa", "Bbb", "Ccc"]


# The query counts below are those of an uncached page, as every page of the same
# content version runs them: the first page after a change also reads when calls next
# open or close, so content_version() is asked first.


@pytest.mark.usefixtures("cache_in_memory")
def test_detail_query_count_does_not_grow_with_the_practice(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    small = PracticeFactory(slug="small", themes=[ThemeFactory()])
    CriterionAssessmentFactory(practice=small)
    PracticeFactory(themes=list(small.themes.all()))  # one related practice
    big = PracticeFactory(
        slug="big",
        themes=[ThemeFactory() for _ in range(5)],
        municipalities=[MunicipalityFactory() for _ in range(8)],
    )
    for _ in range(6):
        CriterionAssessmentFactory(practice=big)
        PracticeLinkFactory(practice=big)
        AdoptionFactory(practice=big)
        PracticeFactory(themes=list(big.themes.all()))  # related practices
    content_version()
    # 13: one of them is the report form's municipalities, with their regions.
    with django_assert_max_num_queries(13) as queries:
        assert client.get("/fi/hyvat-kaytannot/small/").status_code == 200
    small_page = len(queries)
    content_version()
    with django_assert_num_queries(small_page):
        assert client.get("/fi/hyvat-kaytannot/big/").status_code == 200


@pytest.mark.usefixtures("cache_in_memory")
def test_home_query_count_does_not_grow_with_the_catalogue(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    theme = ThemeFactory()
    PracticeFactory(themes=[theme])
    content_version()
    with django_assert_max_num_queries(12) as queries:
        assert client.get("/fi/").status_code == 200
    few = len(queries)
    for _ in range(30):
        PracticeFactory(themes=[theme, ThemeFactory()])
    content_version()
    with django_assert_num_queries(few):
        assert client.get("/fi/").status_code == 200


def test_the_home_page_shows_the_open_calls_as_the_way_to_share_a_practice(client):
    """A coordinator who lands on the home page had no route to "share your practice"."""
    from tests.factories import CallFactory

    assert "No call for practices is open at the moment." in client.get("/en/").content.decode()

    CallFactory(slug="mentoring-2018", title_en="Call for mentoring practices")
    CallFactory(slug="hidden", title_en="Hidden call", is_published=False)
    content_version()
    html = client.get("/en/").content.decode()

    assert '<h2 id="share-heading">Share your practice</h2>' in html
    assert "Call for mentoring practices" in html and "Hidden call" not in html
    with translation.override("en"):
        assert reverse("submissions:call", kwargs={"slug": "mentoring-2018"}) in html
