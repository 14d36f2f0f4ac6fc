"""A visitor narrows the list with facets and sees how many practices each choice gives."""

import datetime
import threading

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from practices.filters import PracticeFilter
from practices.models import Practice
from practices.services import adoption_approve, practice_archive
from search.engine import Search
from search.facets import FacetCount
from search.index import index_objects
from search.registry import searchables
from tests.factories import (
    AdoptionFactory,
    IntegrationPhaseFactory,
    MunicipalityFactory,
    PracticeFactory,
    RegionFactory,
    SelectionRoundFactory,
    TargetGroupFactory,
    ThemeFactory,
)
from website.cache import content_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    """Three published practices and a draft, differing in every facet."""
    work, health = ThemeFactory(slug="work"), ThemeFactory(slug="health")
    young, families = TargetGroupFactory(slug="young"), TargetGroupFactory(slug="families")
    reception, initial = (
        IntegrationPhaseFactory(slug="reception"),
        IntegrationPhaseFactory(slug="initial"),
    )
    north, south = RegionFactory(slug="north"), RegionFactory(slug="south")
    oulu = MunicipalityFactory(slug="oulu", region=north, population=216_000)
    hanko = MunicipalityFactory(slug="hanko", region=south, population=8_000)
    round_2016 = SelectionRoundFactory(date=datetime.date(2016, 2, 1))
    round_2019 = SelectionRoundFactory(date=datetime.date(2019, 3, 1), name_fi="Mentorointi")
    return {
        "a": PracticeFactory(
            slug="a",
            themes=[work],
            target_groups=[young],
            phases=[reception],
            municipalities=[oulu],
            suits_large=True,
            selection_round=round_2016,
        ),
        "b": PracticeFactory(
            slug="b",
            themes=[work, health],
            target_groups=[families],
            phases=[initial],
            municipalities=[hanko],
            suits_small=True,
            suits_medium=True,
            selection_round=round_2019,
        ),
        "c": PracticeFactory(
            slug="c",
            themes=[health],
            target_groups=[young, families],
            phases=[initial],
            municipalities=[oulu, hanko],
            suits_small=True,
        ),
        "draft": PracticeFactory(
            slug="draft",
            draft=True,
            themes=[work],
            target_groups=[young],
            phases=[reception],
            municipalities=[oulu],
            suits_small=True,
            suits_large=True,
            selection_round=round_2016,
        ),
    }


def slugs(query: str) -> set[str]:
    filterset = PracticeFilter(QueryDict(query), queryset=Practice.objects.published())
    return set(filterset.qs.values_list("slug", flat=True))


def counts(query: str) -> dict[str, dict[str, int]]:
    return counted(PracticeFilter(QueryDict(query), queryset=Practice.objects.published()))


def counted(filterset: PracticeFilter) -> dict[str, dict[str, int]]:
    return {
        facet.name: {option.value: option.count for option in facet.options}
        for facet in filterset.count().facets
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"a", "b", "c"}),
        ("theme=work", {"a", "b"}),
        ("theme=work&theme=health", {"a", "b", "c"}),
        ("size=small", {"b", "c"}),
        ("size=large", {"a"}),
        ("size=medium&size=large", {"a", "b"}),
        ("target_group=young", {"a", "c"}),
        ("phase=initial", {"b", "c"}),
        ("region=north", {"a", "c"}),
        ("region=south", {"b", "c"}),
        ("year=2016", {"a"}),
        ("year=2019&year=2016", {"a", "b"}),
        ("theme=work&size=small", {"b"}),
        ("theme=health&region=north&target_group=young", {"c"}),
    ],
)
def test_each_facet_narrows_the_list(catalogue, query, expected):
    assert slugs(query) == expected


def test_counts_without_filters_count_published_practices_only(catalogue):
    assert counts("") == {
        "theme": {"work": 2, "health": 2},
        "size": {"small": 2, "medium": 1, "large": 1},
        "target_group": {"young": 2, "families": 2},
        "phase": {"reception": 1, "initial": 2},
        "region": {"north": 2, "south": 2},
        "used_in": {},
        "year": {"2019": 1, "2016": 1},
    }


def test_counts_follow_the_other_facets_but_not_their_own(catalogue):
    result = counts("theme=work")
    # Other facets count within the chosen theme ...
    assert result["size"] == {"small": 1, "medium": 1, "large": 1}
    assert result["region"] == {"north": 1, "south": 1}
    # ... and the theme facet still tells what each theme alone would give.
    assert result["theme"] == {"work": 2, "health": 2}


def test_count_of_each_option_is_what_choosing_it_gives(catalogue):
    result = counts("size=small")
    for value, count in result["theme"].items():
        assert len(slugs(f"size=small&theme={value}")) == count


def test_options_without_practices_are_left_out_unless_chosen(catalogue):
    empty = ThemeFactory(slug="empty")
    assert "empty" not in counts("")["theme"]
    assert counts(f"theme={empty.slug}")["theme"]["empty"] == 0


def test_list_page_shows_the_counts(client, catalogue):
    html = client.get("/en/good-practices/?theme=work").content.decode()
    assert "2 practices" in html
    assert 'name="theme" value="work" checked' in html


@pytest.mark.usefixtures("cache_in_memory")
def test_list_query_count_does_not_grow_with_the_number_of_practices(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    path = "/fi/hyvat-kaytannot/?theme=work&size=small&region=north"
    theme = ThemeFactory(slug="work")
    region = RegionFactory(slug="north")
    municipality = MunicipalityFactory(region=region)

    def add(n):
        for _ in range(n):
            PracticeFactory(themes=[theme], municipalities=[municipality], suits_small=True)

    add(10)
    with django_assert_max_num_queries(12) as queries:
        assert client.get(path).status_code == 200
    with_10 = len(queries)
    add(190)
    with django_assert_num_queries(with_10):
        assert client.get(path).status_code == 200


def test_an_empty_list_counts_nothing(catalogue):
    counted = PracticeFilter(QueryDict("theme=work"), queryset=Practice.objects.none()).count()

    assert counted.total == 0
    assert all(not facet.options or facet.name == "theme" for facet in counted.facets)


def test_every_count_is_what_choosing_that_option_gives(catalogue):
    """The counts come from the facets' index in memory; the list from the database. An
    option's count is the length of the list with that option chosen in its facet, the
    other facets' choices kept."""
    chosen = {"theme": ["work", "health"], "size": ["small"], "region": ["north"]}
    query = "&".join(f"{facet}={value}" for facet, values in chosen.items() for value in values)
    for facet, options in counts(query).items():
        for value, count in options.items():
            others = {name: values for name, values in chosen.items() if name != facet}
            others[facet] = [value]
            with_it = "&".join(f"{name}={v}" for name, values in others.items() for v in values)
            assert len(slugs(with_it)) == count, (facet, value)


def test_counts_follow_each_change_of_the_catalogue(catalogue, editor):
    health = catalogue["c"].themes.get()
    assert counts("")["theme"] == {"work": 2, "health": 2}

    catalogue["a"].themes.add(health)  # a relation, saved on its own
    assert counts("")["theme"] == {"work": 2, "health": 3}

    practice_archive(practice=catalogue["b"], by=editor)  # no longer published
    assert counts("")["theme"] == {"work": 1, "health": 2}

    adoption = AdoptionFactory(practice=catalogue["c"], pending=True)
    assert counts("")["used_in"] == {}
    adoption_approve(adoption=adoption, by=editor)
    assert counts("")["used_in"] == {"1": 1}


def test_a_list_counted_again_asks_the_database_nothing_new_for_its_counts(catalogue):
    counts("size=small")
    with CaptureQueriesContext(connection) as queries:
        assert counts("size=small")["theme"] == {"work": 1, "health": 2}
    # Nothing of the practices' themes, regions… nor which of them suit small places.
    read = " ".join(query["sql"] for query in queries)
    assert "practices_practice_themes" not in read
    assert "suits_small" not in read


def test_each_search_is_counted_among_its_own_matches(catalogue):
    Practice.objects.filter(pk=catalogue["a"].pk).update(title_fi="Työpaja nuorille")
    Practice.objects.filter(pk=catalogue["b"].pk).update(title_fi="Kielikahvila")
    index_objects(Practice, [catalogue["a"].pk, catalogue["b"].pk])
    practices = next(searchable for searchable in searchables() if searchable.kind == "practices")

    def search_counts(words: str) -> dict:
        results = Search.parse(words).apply(practices.queryset(), practices.spec)
        return counted(PracticeFilter(QueryDict(""), queryset=results, search_results=True))

    assert search_counts("työpaja")["size"] == {"large": 1}
    assert search_counts("kielikahvila")["size"] == {"small": 1, "medium": 1}


def test_ids_far_apart_are_counted(catalogue):
    """Ids with wide gaps (many rows deleted, or restored from elsewhere) are counted by
    their place among the ids, not by one bit for every possible id."""
    far = PracticeFactory(pk=50_000_000, slug="far", themes=[catalogue["a"].themes.get()])
    assert far.pk == 50_000_000
    assert counts("")["theme"] == {"work": 3, "health": 2}
    assert counts("theme=work")["size"]["small"] == 1 + far.suits_small


@pytest.mark.django_db(transaction=True)
def test_requests_at_the_same_moment_after_a_change_build_the_index_once(catalogue, monkeypatch):
    """Right after an editor's change every worker's visitors arrive at once: one of them
    builds the index, the others wait for it instead of each reading every row."""
    builds = []
    build = FacetCount._index_parts

    def counted_build(self, *args):
        builds.append(threading.get_ident())
        return build(self, *args)

    monkeypatch.setattr(FacetCount, "_index_parts", counted_build)
    content_changed()
    start, results = threading.Barrier(4), []

    def visitor():
        start.wait()
        try:
            results.append(counts("")["theme"])
        finally:
            connection.close()

    visitors = [threading.Thread(target=visitor) for _ in range(4)]
    for thread in visitors:
        thread.start()
    for thread in visitors:
        thread.join()
    assert results == [{"work": 2, "health": 2}] * 4
    assert len(builds) == 1
