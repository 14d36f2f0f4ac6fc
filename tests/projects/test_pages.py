"""Visitors browse the archive: facets with counts, the notice, links to practices."""

import datetime

import pytest
from django.db import connection

from projects.models import Project
from tests.factories import PracticeFactory, ProjectFactory, RegionFactory, ThemeFactory
from website.cache import content_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    education, health = ThemeFactory(slug="education"), ThemeFactory(slug="health")
    north = RegionFactory(slug="north")
    return {
        "a": ProjectFactory(
            source_id="A",
            themes=[education],
            regions=[north],
            funding=["amif", "esf"],
            level="national",
            start_date=datetime.date(2015, 1, 1),
            end_date=datetime.date(2016, 12, 31),
        ),
        "b": ProjectFactory(
            source_id="B",
            themes=[education, health],
            funding=["esf"],
            start_date=datetime.date(2018, 1, 1),
            end_date=None,
        ),
        "c": ProjectFactory(
            source_id="C",
            themes=[health],
            regions=[north],
            funding=["municipal"],
            start_date=datetime.date(2015, 6, 1),
            end_date=datetime.date(2017, 1, 1),
        ),
    }


def counts(client, query=""):
    response = client.get(f"/en/projects/?{query}")
    return {
        facet.name: {o.value: o.count for o in facet.options}
        for facet in response.context["facets"]
    }


def listed(client, query=""):
    content_changed()  # a fresh page, not one cached by an earlier request
    return {p.source_id for p in client.get(f"/en/projects/?{query}").context["projects"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=education", {"A", "B"}),
        ("level=national", {"A"}),
        ("funding=esf", {"A", "B"}),
        ("funding=esf&funding=municipal", {"A", "B", "C"}),
        ("region=north", {"A", "C"}),
        ("start_year=2015", {"A", "C"}),
        ("status=ongoing", {"B"}),
        ("status=ended", {"A", "C"}),
        ("status=ended&status=ongoing", {"A", "B", "C"}),
        ("theme=health&status=ended", {"C"}),
    ],
)
def test_each_facet_narrows_the_archive(client, archive, query, expected):
    assert listed(client, query) == expected


def test_facets_show_counts(client, archive):
    result = counts(client)
    assert result["theme"] == {"education": 2, "health": 2}
    assert result["level"] == {"local": 2, "national": 1}
    assert result["funding"] == {"amif": 1, "esf": 2, "municipal": 1}
    assert result["region"] == {"north": 2}
    assert result["start_year"] == {"2018": 1, "2015": 2}
    assert result["status"] == {"ongoing": 1, "ended": 2}
    assert counts(client, "funding=esf")["status"] == {"ongoing": 1, "ended": 1}


@pytest.mark.parametrize("query", ["", "funding=esf", "theme=health&status=ended", "level=local"])
def test_each_count_is_what_choosing_the_option_gives(client, archive, query):
    response = client.get(f"/en/projects/?{query}")
    assert response.context["paginator"].count == len(response.context["projects"])
    for facet in response.context["facets"]:
        for option in facet.options:
            if option.selected:
                continue
            narrowed = "&".join(part for part in [query, f"{facet.name}={option.value}"] if part)
            # An option of a facet already chosen adds to that facet's choice.
            others = "&".join(p for p in query.split("&") if p and p.split("=")[0] != facet.name)
            alone = "&".join(part for part in [others, f"{facet.name}={option.value}"] if part)
            expected = listed(client, alone if facet.selected_count else narrowed)
            assert option.count == len(expected), (facet.name, option.value)


def test_screen_readers_hear_facet_counts_as_results_not_practices(client, archive):
    html = client.get("/en/projects/").content.decode()

    assert '<span class="visually-hidden">(2 results)</span>' in html
    assert "practices)" not in html


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (
            "/fi/hankkeet/",
            "THL:n kokoama hankearkisto on suomenkielinen, eikä sitä enää päivitetä.",
        ),
        ("/sv/projekt/", "Projektarkivet som THL sammanställt är på finska och uppdateras inte"),
        ("/en/projects/", "The archive of projects compiled by THL is in Finnish and no longer"),
        ("/fi/hankkeet/hanke-a/", "17. syyskuuta 2019"),
        ("/sv/projekt/hanke-a/", "17 september 2019"),
        ("/en/projects/hanke-a/", "17 September 2019"),
    ],
)
def test_every_archive_page_says_it_is_not_updated_and_since_when(client, archive, path, text):
    response = client.get(path)
    assert response.status_code == 200
    assert text in response.content.decode()


def test_the_archive_says_once_that_it_is_in_finnish_not_on_every_card(client, archive):
    """A note on every card claimed "not yet translated" of an archive nobody will translate."""
    html = client.get("/sv/projekt/").content.decode()
    assert html.count("är på finska och uppdateras inte längre") == 1
    assert "Ännu inte översatt" not in html
    detail = client.get("/sv/projekt/hanke-a/").content.decode()
    assert '<h1 lang="fi">Hanke A</h1>' in detail
    assert "Ännu inte översatt" not in detail
    assert "resten är på finska" in detail
    assert "finska" in detail.split("Texterna finns på")[1][:200]


def test_a_project_is_ongoing_or_ended_as_of_the_archives_last_update(client, archive):
    """Nothing was updated after 17.9.2019: a project that was to end in 2020 shows as it
    stood then, not as "ongoing" today nor as ended when nobody recorded that it did."""
    ProjectFactory(
        source_id="D", start_date=datetime.date(2018, 1, 1), end_date=datetime.date(2020, 6, 30)
    )
    assert listed(client, "status=ongoing") == {"B", "D"}
    html = client.get("/en/projects/").content.decode()
    assert "Status when the archive was last updated (17.9.2019)" in html
    assert "<span>Ongoing then</span>" in html


def test_projects_and_practices_link_both_ways_through_shared_themes(client, archive):
    education = archive["a"].themes.get()
    PracticeFactory(slug="mentors", title_en="Mentors", themes=[education])
    practice_page = client.get("/en/good-practices/mentors/").content.decode()
    assert "/en/projects/hanke-a/" in practice_page and "/en/projects/hanke-b/" in practice_page
    assert "/en/projects/hanke-c/" not in practice_page
    project_page = client.get("/en/projects/hanke-a/").content.decode()
    assert "/en/good-practices/mentors/" in project_page


def test_drafts_are_not_linked_from_projects(client, archive):
    PracticeFactory(slug="secret", draft=True, themes=list(archive["a"].themes.all()))
    assert "/en/good-practices/secret/" not in client.get("/en/projects/hanke-a/").content.decode()


@pytest.mark.usefixtures("cache_in_memory")
def test_query_count_does_not_depend_on_the_number_of_projects(
    client, archive, django_assert_max_num_queries, django_assert_num_queries
):
    theme = ThemeFactory()
    path = "/en/projects/?theme=education&funding=esf&status=ended"
    with django_assert_max_num_queries(12) as queries:
        assert client.get(path).status_code == 200
    few = len(queries)
    with django_assert_max_num_queries(12) as queries:
        assert client.get("/en/projects/hanke-a/").status_code == 200
    detail = len(queries)
    for n in range(60):
        ProjectFactory(
            source_id=f"X{n}",
            themes=[theme, *archive["a"].themes.all()],
            funding=["esf", "amif"],
            start_date=datetime.date(2010 + n % 9, 1, 1),
            end_date=datetime.date(2019, 1, 1),
        )
    with django_assert_num_queries(few):
        assert client.get(path).status_code == 200
    with django_assert_num_queries(detail):
        assert client.get("/en/projects/hanke-a/").status_code == 200


def test_the_archive_is_read_only_for_visitors(client, archive):
    assert client.post("/en/projects/", {"name_fi": "x"}).status_code == 405
    assert client.post("/en/projects/hanke-a/", {"name_fi": "x"}).status_code == 405


def test_editors_edit_projects_in_the_admin(client, archive, editor, juror):
    client.force_login(editor)
    assert client.get(f"/en/admin/projects/project/{archive['a'].pk}/change/").status_code == 200
    client.force_login(juror)
    assert client.get("/en/admin/projects/project/").status_code == 403


@pytest.mark.parametrize(
    "query", ["page=abc", "start_year=99999", "status=maybe", "funding=gold", "theme=" + "x" * 3000]
)
def test_bad_filter_values_give_a_normal_page_or_404(client, archive, query):
    assert client.get(f"/en/projects/?{query}").status_code in (200, 404)


def test_the_archive_has_an_index_in_the_order_of_its_list():
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, Project._meta.db_table)
    assert "project_newest_idx" in indexes


@pytest.mark.parametrize(
    ("lang", "budget", "start"),
    [
        ("fi", "140\xa0000\xa0€", "1. tammikuuta 2015"),
        ("sv", "140\xa0000\xa0€", "1 januari 2015"),
        ("en", "€140,000", "1 January 2015"),
    ],
)
def test_money_and_dates_are_written_as_each_language_writes_them(
    client, archive, lang, budget, start
):
    archive["a"].budget = 140000
    archive["a"].save()
    path = {"fi": "hankkeet", "sv": "projekt", "en": "projects"}[lang]
    html = client.get(f"/{lang}/{path}/hanke-a/").content.decode()
    assert f"<dd>{budget}</dd>" in html
    assert start in html


def test_facet_choices_read_in_one_capitalisation(client, archive):
    """Themes and regions are names ("Work and skills"); levels, funding and status were
    lower case beside them ("national", "ongoing then")."""
    response = client.get("/en/projects/")
    labels = [option.label for facet in response.context["facets"] for option in facet.options]
    html = response.content.decode()
    for label in labels:
        assert f"<span>{label[:1].upper()}{label[1:]}</span>" in html
