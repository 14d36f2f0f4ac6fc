"""Public pages come from the shared cache until content changes, and carry an ETag."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practices.models import Practice
from practices.services import practice_publish
from tests.factories import CallFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def queries(client, path, **headers):
    """The response, and how many queries read or wrote content (not the cache's table)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    return response, sum("catalogue_cache" not in query["sql"] for query in captured)


def test_second_visit_is_served_from_the_cache_without_queries(client):
    PracticeFactory(slug="p")
    first, before = queries(client, "/fi/hyvat-kaytannot/")
    second, after = queries(client, "/fi/hyvat-kaytannot/")
    assert before > 0 and after == 0
    assert first.content == second.content


def test_an_editors_publish_shows_at_once(client, editor):
    draft = PracticeFactory(slug="new", draft=True, title_fi="Uusi käytäntö")
    assert "Uusi käytäntö" not in client.get("/fi/hyvat-kaytannot/").content.decode()
    practice_publish(practice=draft, by=editor)
    assert "Uusi käytäntö" in client.get("/fi/hyvat-kaytannot/").content.decode()


def test_archiving_in_the_admin_with_a_bulk_update_shows_at_once(client, admin_client):
    practice = PracticeFactory(slug="old", title_fi="Vanha käytäntö")
    assert "Vanha käytäntö" in client.get("/fi/").content.decode()
    admin_client.post(
        "/fi/admin/practices/practice/",
        {"action": "archive_selected", "_selected_action": [practice.pk]},
    )
    assert Practice.objects.get(pk=practice.pk).status == "archived"
    assert "Vanha käytäntö" not in client.get("/fi/").content.decode()


def test_pages_carry_an_etag_and_answer_304_when_unchanged(client):
    PracticeFactory(slug="p")
    response = client.get("/en/good-practices/p/")
    etag = response["ETag"]
    assert "must-revalidate" in response["Cache-Control"]
    again = client.get("/en/good-practices/p/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_each_language_is_cached_on_its_own(client):
    PracticeFactory(slug="p")
    pages = {
        "fi": "/fi/hyvat-kaytannot/p/",
        "sv": "/sv/god-praxis/p/",
        "en": "/en/good-practices/p/",
    }
    for path in pages.values():
        client.get(path)

    # Each language's second visit comes from the cache, and in that language.
    for lang, path in pages.items():
        again, count = queries(client, path)
        assert count == 0, f"the {lang} page is not served from the cache"
        assert f'<html lang="{lang}">' in again.content.decode()
        assert again["Content-Language"] == lang


def test_pages_with_a_form_are_not_cached(client):
    CallFactory(slug="open")
    first = client.get("/fi/kaytantohaut/open/").content.decode()
    second = client.get("/fi/kaytantohaut/open/").content.decode()
    token = lambda html: html.split('name="form_token" value="')[1].split('"')[0]  # noqa: E731
    assert token(first) != token(second)  # every visitor gets a fresh form


def test_each_site_address_is_cached_on_its_own(client, settings):
    settings.ALLOWED_HOSTS = ["hyvatkaytannot.example.fi", "goodpractices.example.org"]

    client.get("/robots.txt", HTTP_HOST="hyvatkaytannot.example.fi")
    other = client.get("/robots.txt", HTTP_HOST="goodpractices.example.org", secure=True)

    assert "Sitemap: https://goodpractices.example.org/sitemap.xml" in other.content.decode()


def test_a_call_shows_as_closed_from_its_deadline_even_when_nothing_was_saved(client):
    now = timezone.now()
    CallFactory(
        slug="closing", title_en="Closing call", closes_at=now + datetime.timedelta(minutes=10)
    )
    with time_machine.travel(now, tick=False):
        listed = client.get("/en/calls/").content.decode()
        assert "Closing call" in client.get("/en/feeds/calls/").content.decode()
    assert '<p class="call-state state-open"><strong>Open</strong>' in listed

    # Well within the time a page stays cached.
    with time_machine.travel(now + datetime.timedelta(minutes=20), tick=False):
        after = client.get("/en/calls/").content.decode()
        feed = client.get("/en/feeds/calls/").content.decode()

    assert '<p class="call-state state-closed"><strong>Closed</strong>' in after
    assert "Closing call" not in feed, "the feed of open calls no longer has it"


def test_days_left_count_down_at_midnight_in_helsinki(client):
    # 23:50 in Helsinki; the call closes in three days' time.
    evening = datetime.datetime(2026, 3, 10, 21, 50, tzinfo=datetime.UTC)
    CallFactory(
        slug="c",
        title_en="Call",
        opens_at=evening - datetime.timedelta(days=30),
        closes_at=evening + datetime.timedelta(days=3),
    )
    with time_machine.travel(evening, tick=False):
        before = client.get("/en/calls/").content.decode()
    with time_machine.travel(evening + datetime.timedelta(minutes=20), tick=False):
        after = client.get("/en/calls/").content.decode()

    assert "3 days left" in before
    assert "2 days left" in after


@pytest.mark.usefixtures("cache_in_memory")
def test_a_parameter_no_page_reads_sends_on_to_the_address_without_it(client):
    """Each `?x=1` was a new render and a new stored copy: one visitor filled the cache's
    disk with copies of the archive list and kept both workers rendering the sitemap."""
    from django.core.cache import cache

    PracticeFactory(slug="p", suits_small=True)

    response = client.get("/fi/hyvat-kaytannot/", {"size": "small", "utm": "1", "page": "1"})
    assert response.status_code == 301
    assert response["Location"] == "/fi/hyvat-kaytannot/?size=small&page=1"
    assert client.get("/fi/", {"x": "1"})["Location"] == "/fi/"
    assert client.get("/sitemap-practices.xml", {"c": "8"})["Location"] == "/sitemap-practices.xml"
    assert client.get("/sitemap-practices.xml", {"p": "1"}).status_code == 200

    stored_before = len(cache._cache)
    for n in range(20):
        client.get("/fi/hankkeet/", {"utm": str(n)})
    assert len(cache._cache) == stored_before


@pytest.mark.usefixtures("cache_in_memory")
def test_filter_values_that_match_nothing_are_shown_but_not_stored(client):
    from django.core.cache import cache

    PracticeFactory(slug="p")
    client.get("/fi/hyvat-kaytannot/")
    stored_before = len(cache._cache)
    for n in range(10):
        response = client.get("/fi/hyvat-kaytannot/", {"theme": f"no-such-theme-{n}"})
        assert response.status_code == 200
    assert len(cache._cache) == stored_before


def test_a_cache_that_loses_its_content_version_never_serves_an_old_page(client):
    from django.core.cache import cache

    from website.cache import VERSION_KEY, content_changed, content_version

    cache.set(VERSION_KEY, 1, None)  # a version counted from 1
    PracticeFactory(slug="p", title_fi="Vanha nimi")
    assert "Vanha nimi" in client.get("/fi/hyvat-kaytannot/").content.decode()
    stored_under = content_version()

    # The version is evicted from a full cache (culled by the database cache, or by
    # Redis under memory pressure) while the pages stored under it are not; then
    # content keeps changing, as many times as it had before.
    cache.delete(VERSION_KEY)
    Practice.objects.filter(slug="p").update(title_fi="Uusi nimi")
    for _ in range(stored_under - 1):
        content_changed()

    assert "Uusi nimi" in client.get("/fi/hyvat-kaytannot/").content.decode()
