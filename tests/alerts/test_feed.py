"""The Atom feed of new practices follows the same filters as the list and the alerts,
and tells when each practice was published and last changed."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from practices.models import Practice
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> dict[str, ET.Element]:
    assert response.status_code == 200, response.status_code
    feed = ET.fromstring(response.content)
    return {entry.findtext(f"{ATOM}title"): entry for entry in feed.iter(f"{ATOM}entry")}


def test_the_feed_follows_the_lists_filters(client, housing, work):
    PracticeFactory(title_en="Housing advice", themes=[housing], suits_small=True)
    PracticeFactory(title_en="Housing for large towns", themes=[housing], suits_large=True)
    PracticeFactory(title_en="Job coaching", themes=[work], suits_small=True)

    assert set(entries(client.get("/en/feeds/practices/"))) == {
        "Housing advice",
        "Housing for large towns",
        "Job coaching",
    }
    assert set(entries(client.get("/en/feeds/practices/?theme=housing"))) == {
        "Housing advice",
        "Housing for large towns",
    }
    assert set(entries(client.get("/en/feeds/practices/?theme=housing&size=small"))) == {
        "Housing advice"
    }


def test_the_feed_follows_search_words(client, housing):
    PracticeFactory(title_en="Language cafe for parents", themes=[housing])
    PracticeFactory(title_en="Sports club", themes=[housing])

    found = entries(client.get("/en/feeds/practices/?q=language+cafe"))

    assert set(found) == {"Language cafe for parents"}


def test_search_words_with_nothing_to_look_for_find_nothing_as_on_the_search_page(client):
    PracticeFactory(title_en="Sports club")
    assert entries(client.get("/en/feeds/practices/?q=the")) == {}


def test_the_feed_links_to_the_list_of_the_same_filter(client, housing):
    feed = ET.fromstring(client.get("/en/feeds/practices/?theme=housing").content)
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["alternate"].endswith("/en/good-practices/?theme=housing")
    assert links["self"].endswith("/en/feeds/practices/?theme=housing")


def test_the_feed_refuses_a_filter_value_no_list_offers(client):
    assert client.get("/en/feeds/practices/?theme=no-such-theme").status_code == 404


def test_a_parameter_the_feed_does_not_read_is_sent_away(client, housing):
    response = client.get("/en/feeds/practices/?theme=housing&utm_source=x")
    assert response.status_code == 301
    assert response["Location"] == "/en/feeds/practices/?theme=housing"


def test_each_entry_has_its_real_publication_and_update_times(client):
    published = timezone.now() - datetime.timedelta(days=30)
    practice = PracticeFactory(title_en="Peer groups", published_at=published)
    updated = Practice.objects.get(pk=practice.pk).updated_at

    entry = entries(client.get("/en/feeds/practices/"))["Peer groups"]

    read = datetime.datetime.fromisoformat
    assert read(entry.findtext(f"{ATOM}published")) == published
    assert read(entry.findtext(f"{ATOM}updated")) == updated
    assert entry.findtext(f"{ATOM}published") != entry.findtext(f"{ATOM}updated")


def test_the_filtered_list_announces_its_filtered_feed(client, housing):
    page = client.get("/en/good-practices/?theme=housing&sort=title").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'href="/en/feeds/practices/?theme=housing"'
    ) in page
    assert 'href="/en/feeds/practices/?theme=housing">Feed of these practices</a>' in page
