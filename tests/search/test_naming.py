"""The calls are named apart from the search: in Finnish "haut" read as "searches"."""

import pytest

from tests.factories import CallFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def test_finnish_menu_and_calls_page_say_calls_for_good_practices_not_haut(client):
    html = client.get("/fi/kaytantohaut/").content.decode()
    assert "<title>Hyvien käytäntöjen haut" in html
    assert "<h1>Hyvien käytäntöjen haut</h1>" in html
    assert ">Hyvien käytäntöjen haut</a>" in html  # the menu
    assert ">Haut<" not in html


def test_the_search_page_section_of_calls_is_not_titled_haut(client):
    CallFactory(slug="open", title_fi="Mentoroinnin haku")
    PracticeFactory(slug="m", title_fi="Mentorointi")
    html = client.get("/fi/haku/", {"q": "mentorointi"}).content.decode()
    assert "Hyvien käytäntöjen haut" in html
    assert ">Haut<" not in html


def test_swedish_and_english_name_the_calls_in_full(client):
    assert "<h1>Utlysningar av god praxis</h1>" in client.get("/sv/utlysningar/").content.decode()
    assert "<h1>Calls for practices</h1>" in client.get("/en/calls/").content.decode()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/fi/haut/", "/fi/kaytantohaut/"),
        ("/fi/haut/open/", "/fi/kaytantohaut/open/"),
        ("/fi/haut/?page=2", "/fi/kaytantohaut/?page=2"),
        ("/fi/syotteet/haut/", "/fi/syotteet/kaytantohaut/"),
    ],
)
def test_the_old_finnish_addresses_move_permanently(client, old, new):
    CallFactory(slug="open")
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_a_form_sent_to_an_old_address_is_sent_on_not_lost(client):
    CallFactory(slug="open")
    response = client.post("/fi/haut/open/", {"title": "x"})
    assert response.status_code == 308
    assert response["Location"] == "/fi/kaytantohaut/open/"
