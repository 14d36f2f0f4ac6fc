"""People find practices from search engines, follow what is new in a feed reader,
share a page, print it, and know what they may reuse."""

import datetime
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from tests.factories import CallFactory, PracticeFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def content():
    now = timezone.now()
    return {
        "practice": PracticeFactory(
            slug="mentoring", title_fi="Mentorointi", title_sv="Mentorskap", title_en="Mentoring"
        ),
        "draft": PracticeFactory(slug="draft", title_fi="Luonnos", draft=True),
        "open_call": CallFactory(slug="mentoring-2018", title_fi="Mentorointihaku"),
        "closed_call": CallFactory(
            slug="closed",
            title_fi="Päättynyt haku",
            opens_at=now - datetime.timedelta(days=60),
            closes_at=now - datetime.timedelta(days=30),
        ),
        "hidden_call": CallFactory(slug="hidden", title_fi="Piilotettu", is_published=False),
    }


def xml(response) -> ElementTree.Element:
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)


def entry_titles(feed: ElementTree.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/fi/syotteet/kaytannot/", "Mentorointi"),
        ("/sv/floden/praxis/", "Mentorskap"),
        ("/en/feeds/practices/", "Mentoring"),
    ],
)
def test_new_practices_feed_in_each_language(client, content, path, title):
    response = client.get(path)

    feed = xml(response)
    assert response["Content-Type"].startswith("application/atom+xml")
    assert entry_titles(feed) == [title], "only published practices, in the feed's language"
    assert "CC BY 4.0" in feed.findtext(f"{ATOM}rights")


def test_open_calls_feed_lists_only_open_published_calls(client, content):
    feed = xml(client.get("/fi/syotteet/kaytantohaut/"))

    assert entry_titles(feed) == ["Mentorointihaku"]


def test_pages_announce_their_feeds(client, content):
    page = client.get("/sv/god-praxis/").content.decode()

    assert re.search(
        r'<link rel="alternate" type="application/atom\+xml" href="/sv/floden/praxis/"', page
    )
    assert 'href="/sv/floden/utlysningar/"' in page


def test_sitemap_lists_every_public_page_in_every_language_with_alternates(client, content):
    index = xml(client.get("/sitemap.xml"))
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert "http://testserver/sitemap-practices.xml" in sections

    urls = {}
    for section in sections:
        for url in xml(client.get(section.removeprefix("http://testserver"))).iter(f"{SITEMAP}url"):
            alternates = {
                link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
            }
            urls[url.findtext(f"{SITEMAP}loc")] = alternates

    practice_pages = {
        "fi": "http://testserver/fi/hyvat-kaytannot/mentoring/",
        "sv": "http://testserver/sv/god-praxis/mentoring/",
        "en": "http://testserver/en/good-practices/mentoring/",
    }
    for page in practice_pages.values():
        assert urls[page] == {**practice_pages, "x-default": practice_pages["fi"]}
    assert "http://testserver/en/calls/mentoring-2018/" in urls
    assert "http://testserver/en/calls/closed/" in urls, "a closed call's page stays findable"
    assert "http://testserver/en/good-practices/" in urls
    assert not any("draft" in url or "hidden" in url for url in urls)


def test_robots_txt_points_to_the_sitemap_and_keeps_private_pages_out(client):
    response = client.get("/robots.txt")

    text = response.content.decode()
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in text
    for private in ("/fi/admin/", "/sv/admin/", "/en/admin/", "/api/"):
        assert f"Disallow: {private}\n" in text


def json_ld(page: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert match, "the page carries schema.org data"
    return json.loads(match.group(1))


def test_a_shared_practice_page_has_open_graph_and_schema_org_data(client, content):
    page = client.get("/en/good-practices/mentoring/").content.decode()

    assert '<meta property="og:title" content="Mentoring">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<link rel="canonical" href="http://testserver/en/good-practices/mentoring/">' in page
    data = json_ld(page)
    assert data["@type"] == "CreativeWork"
    assert data["name"] == "Mentoring"
    assert data["url"] == "http://testserver/en/good-practices/mentoring/"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_a_shared_call_page_has_open_graph_and_schema_org_data(client, content):
    page = client.get("/fi/kaytantohaut/mentoring-2018/").content.decode()

    assert '<meta property="og:title" content="Mentorointihaku">' in page
    data = json_ld(page)
    assert data["name"] == "Mentorointihaku"
    assert data["expires"] == content["open_call"].closes_at.isoformat()


def test_text_in_schema_org_data_cannot_end_the_script_element(client):
    PracticeFactory(slug="tricky", title_en="</script><script>alert(1)</script>")

    page = client.get("/en/good-practices/tricky/").content.decode()

    assert "</script><script>alert(1)" not in page
    assert json_ld(page)["name"] == "</script><script>alert(1)</script>"


def test_a_practice_page_prints_without_navigation_and_with_links_written_out(client, content):
    page = client.get("/fi/hyvat-kaytannot/mentoring/").content.decode()
    assert 'rel="stylesheet" href="/static/css/site.css"' in page
    # On paper the page says where it is online.
    assert (
        '<p class="print-only wrap">Tämän sivun osoite: '
        "http://testserver/fi/hyvat-kaytannot/mentoring/</p>"
    ) in page

    css = (ROOT / "static/css/site.css").read_text()
    print_rules = css[css.index("@media print") :]
    hidden = print_rules[: print_rules.index("display: none")]
    for part in (".site-header", ".main-nav", ".site-footer", ".site-search"):
        assert part in hidden
    assert 'content: " (" attr(href) ")"' in print_rules


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/fi/", "Creative Commons Nimeä 4.0"),
        ("/sv/", "Creative Commons Erkännande 4.0"),
        ("/en/", "Creative Commons Attribution 4.0"),
    ],
)
def test_every_page_states_the_content_licence(client, path, words):
    page = client.get(path).content.decode()

    assert 'rel="license"' in page
    assert words in page


def test_a_later_page_of_a_list_is_its_own_canonical_page(client):
    for _ in range(30):
        PracticeFactory()

    page = client.get("/en/good-practices/", {"page": "2", "theme": ""}).content.decode()

    assert '<link rel="canonical" href="http://testserver/en/good-practices/?page=2">' in page
    assert 'hreflang="sv" href="http://testserver/sv/god-praxis/?page=2"' in page


MARKUP = '<img src="x" onerror="alert(1)"> & <b>bold</b>'


@pytest.mark.parametrize("path", ["/en/feeds/practices/", "/en/feeds/calls/"])
def test_feeds_give_texts_as_plain_text_that_readers_show_as_written(client, path):
    PracticeFactory(title_en=MARKUP, summary_en=MARKUP, organisation_en=MARKUP)
    CallFactory(title_en=MARKUP, body_en=MARKUP)

    feed = xml(client.get(path))

    entry = feed.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == MARKUP
    assert entry.findtext(f"{ATOM}summary") == MARKUP
    # Atom's text constructs are plain text unless marked otherwise: nothing may say html.
    marked = {element.get("type") for element in feed.iter() if element.get("type")}
    assert marked <= {"text"}
