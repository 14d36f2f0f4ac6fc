"""A search that finds nothing says so and offers ways on: a spelling from the
catalogue's own words, themes with close names, the lists to browse."""

import pytest

from tests.factories import CallFactory, PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    work = ThemeFactory(
        slug="work", name_fi="Työ ja osaaminen", name_sv="Arbete", name_en="Work and skills"
    )
    ThemeFactory(slug="housing", name_fi="Asuminen", name_sv="Boende", name_en="Housing")
    PracticeFactory(slug="kahvila", title_fi="Kielikahvila", themes=[work])
    PracticeFactory(
        slug="secret", draft=True, title_fi="Salaisuudenvartijat", title_en="", title_sv=""
    )


def test_nothing_found_says_so_and_links_to_browse_all(client, catalogue):
    response = client.get("/en/search/", {"q": "zzyzx"})
    html = response.content.decode()
    assert "Nothing was found for “zzyzx”" in html
    assert '<a href="/en/good-practices/">Browse all good practices</a>' in html


def test_a_misspelling_is_searched_as_the_closest_word_of_the_catalogue(client, catalogue):
    response = client.get("/fi/haku/", {"q": "kielikahvla"})
    sections = {s["kind"]: s for s in response.context["sections"]}
    assert [p.slug for p in sections["practices"]["results"]] == ["kahvila"]
    assert sections["practices"]["search"].mode == "corrected"
    assert "Näytetään tulokset haulle ”kielikahvila”" in response.content.decode()


def test_a_typed_search_that_finds_nothing_suggests_the_word_for_every_type(client, catalogue):
    CallFactory(slug="call", title_fi="Haku")
    response = client.get("/fi/haku/", {"q": "kielikahvla", "type": "calls"})
    html = response.content.decode()
    assert response.context["results"] == []
    assert '<a href="?q=kielikahvila">kielikahvila</a>' in html


def test_themes_with_close_names_are_offered(client, catalogue):
    response = client.get("/en/search/", {"q": "housing zzyzx", "type": "calls"})
    html = response.content.decode()
    assert '<a href="/en/good-practices/?theme=housing">Housing</a>' in html
    assert "?theme=work" not in html

    misspelt = client.get("/fi/haku/", {"q": "asumnen", "type": "calls"}).content.decode()
    assert '<a href="/fi/hyvat-kaytannot/?theme=housing">Asuminen</a>' in misspelt


def test_a_drafts_words_are_never_suggested(client, catalogue):
    html = client.get("/fi/haku/", {"q": "salaisuudenvartija"}).content.decode()
    assert "Salaisuudenvartijat" not in html
    assert "salaisuudenvartijat" not in html.casefold().replace("salaisuudenvartija”", "")


def test_a_search_of_every_type_that_finds_nothing_still_offers_the_spelling(client, catalogue):
    # The catalogue knows the word "kotiseutumuseo" from a practice since archived:
    # the corrected word finds nothing now, but the visitor still sees how it is
    # spelt, the themes and the lists to browse, never a dead end.
    practice = PracticeFactory(slug="museo", title_fi="Kotiseutumuseo")
    practice.status = practice.Status.ARCHIVED
    practice.save()

    response = client.get("/fi/haku/", {"q": "kotiseutumuse"})
    html = response.content.decode()

    assert not any(section["results"] for section in response.context["sections"])
    assert "Haulla ”kotiseutumuse” ei löytynyt mitään" in html
    assert '<a href="?q=kotiseutumuseo">kotiseutumuseo</a>' in html
    assert '<a href="/fi/hyvat-kaytannot/">' in html
