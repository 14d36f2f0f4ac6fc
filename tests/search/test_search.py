"""Visitors search practices, archive projects and calls, in any of the three languages."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection

from practices.models import Practice
from practices.searchable import PRACTICES
from search import engine
from search.engine import Search
from tests.factories import (
    CallFactory,
    MunicipalityFactory,
    PracticeFactory,
    ProjectFactory,
    SelectionRoundFactory,
    SubmissionFactory,
    TargetGroupFactory,
    ThemeFactory,
)
from website.cache import content_changed

pytestmark = pytest.mark.django_db


def titles(client, query, lang="en", kind=None):
    params = {"q": query}
    if kind:
        params["type"] = kind
    path = {"fi": "/fi/haku/", "sv": "/sv/sok/", "en": "/en/search/"}[lang]
    response = client.get(path, params)
    assert response.status_code == 200
    if kind:
        return [
            getattr(r, "title_fi", None) or getattr(r, "name_fi", "")
            for r in response.context["results"]
        ]
    found = []
    for section in response.context["sections"]:
        found += [
            getattr(r, "title_fi", None) or getattr(r, "name_fi", "") for r in section["results"]
        ]
    return found


@pytest.fixture
def content():
    return {
        "mentors": PracticeFactory(
            slug="mentors",
            title_fi="Työelämän mentorit",
            title_sv="Mentorer i arbetslivet",
            title_en="Work-life mentors",
            summary_fi="Mentorit tukevat kotoutumista ja työllistymistä.",
            summary_sv="Mentorerna stöder integrationen och sysselsättningen.",
            summary_en="Mentors support integration and employment.",
            organisation_fi="Esimerkkiyhdistys ry",
        ),
        "families": PracticeFactory(
            slug="families",
            title_fi="Perhekahvila",
            title_sv="",
            title_en="",
            summary_fi="Ensimmäiset viikot kunnassa sujuvat, kun perheet tapaavat toisiaan.",
            summary_sv="",
            summary_en="",
            organisation_fi="Janakkalan kunta",
            municipalities=[MunicipalityFactory(name_fi="Janakkala", slug="janakkala")],
        ),
        "draft": PracticeFactory(
            slug="draft", draft=True, title_fi="Salainen mentorointi", title_en="Secret mentors"
        ),
        "archived": PracticeFactory(
            slug="old", archived=True, title_fi="Vanhat mentorit", title_en="Old mentors"
        ),
        "project": ProjectFactory(
            source_id="P1",
            slug="p1",
            name_fi="Kotoutumisen mentorihanke",
            summary_fi="Hanke edisti kotoutumista mentoreiden avulla.",
        ),
        "call": CallFactory(
            slug="open", title_en="Call for mentoring practices", title_fi="Mentoroinnin haku"
        ),
        "hidden_call": CallFactory(
            slug="hidden",
            is_published=False,
            title_en="Hidden mentoring call",
            title_fi="Piilohaku mentoreista",
        ),
        "submission": SubmissionFactory(title="Lähetetty mentorimalli", summary="mentorit"),
    }


# On every database ------------------------------------------------------------


def test_finds_words_in_any_of_the_three_languages(client, content):
    assert "Työelämän mentorit" in titles(client, "mentorer", lang="fi")
    assert "Työelämän mentorit" in titles(client, "employment", lang="sv")
    assert "Perhekahvila" in titles(client, "perhekahvila", lang="en")


def test_only_public_content_is_found(client, content):
    found = (
        titles(client, "mentor")
        + titles(client, "mentori")
        + titles(client, "secret")
        + titles(client, "hidden")
    )
    for hidden in (
        "Salainen mentorointi",
        "Vanhat mentorit",
        "Piilohaku mentoreista",
        "Lähetetty mentorimalli",
    ):
        assert hidden not in found


def test_results_come_in_sections_by_type(client, content):
    response = client.get("/en/search/", {"q": "mentor"})
    found = {section["kind"]: len(section["results"]) for section in response.context["sections"]}
    assert found["practices"] >= 1 and found["calls"] == 1


def test_type_narrows_and_facets_keep_the_search_term(client, content):
    theme = ThemeFactory(slug="work")
    content["mentors"].themes.add(theme)
    response = client.get("/en/search/", {"q": "mentors", "type": "practices", "theme": "work"})
    html = response.content.decode()
    assert [p.slug for p in response.context["results"]] == ["mentors"]
    assert '<input type="hidden" name="q" value="mentors">' in html
    assert '<input type="hidden" name="type" value="practices">' in html
    assert 'value="work" checked' in html


def test_facets_count_the_matches_of_the_search(client, content):
    work, young = ThemeFactory(slug="work"), TargetGroupFactory(slug="young")
    older = SelectionRoundFactory(date=datetime.date(2016, 2, 1))
    newer = SelectionRoundFactory(date=datetime.date(2019, 3, 1))
    content["mentors"].themes.add(work)
    for slug, groups, round_ in [
        ("m1", [young], older),
        ("m2", [], newer),
        ("m3", [young], newer),
    ]:
        PracticeFactory(
            slug=slug,
            title_en=f"Mentors {slug}",
            themes=[work],
            target_groups=groups,
            selection_round=round_,
            suits_small=True,
        )
    PracticeFactory(slug="unrelated", title_en="Cooking club", themes=[work], suits_small=True)

    def search(**params):
        content_changed()  # a fresh page, not one cached by an earlier request
        return client.get("/en/search/", {"q": "mentors", "type": "practices", **params})

    def counts(response):
        return {f.name: {o.value: o.count for o in f.options} for f in response.context["facets"]}

    everything = search()
    assert counts(everything)["theme"]["work"] == 4
    assert everything.context["paginator"].count == len(everything.context["results"]) == 4

    narrowed = search(theme="work", size="small")
    assert narrowed.context["paginator"].count == len(narrowed.context["results"]) == 3
    assert counts(narrowed)["target_group"] == {"young": 2}
    assert counts(narrowed)["year"] == {"2019": 2, "2016": 1}
    checked = 0
    for facet in narrowed.context["facets"]:
        if facet.name in ("theme", "size"):
            continue  # counted without their own choice
        for option in facet.options:
            chosen = search(theme="work", size="small", **{facet.name: option.value})
            assert option.count == len(chosen.context["results"]), facet.name
            checked += 1
    assert checked == 3  # young, 2019 and 2016


def test_paging_through_many_results_shows_each_once_best_first(client, content):
    # Made first, so that their order of creation is not the order of relevance.
    for n in range(6):
        PracticeFactory(slug=f"summary-{n}", title_en=f"Guides {n}", summary_en="Mentors.")
    for n in range(24):
        PracticeFactory(slug=f"title-{n}", title_en=f"Mentors {n}", summary_en="Work.")

    def page(number):
        params = {"q": "mentors", "type": "practices", "page": number}
        return client.get("/en/search/", params).context

    first, second = page(1), page(2)
    shown = [p.slug for p in first["results"]] + [p.slug for p in second["results"]]
    assert len(first["results"]) == 20
    assert len(shown) == len(set(shown)) == first["paginator"].count
    # Every title match ranks above every match in a summary alone.
    last_title_match = max(i for i, slug in enumerate(shown) if slug.startswith("title-"))
    first_summary_match = min(i for i, slug in enumerate(shown) if slug.startswith("summary-"))
    assert last_title_match < first_summary_match
    assert all(p.snippet for p in first["results"])

    sections = {
        s["kind"]: s for s in client.get("/en/search/", {"q": "mentors"}).context["sections"]
    }
    assert [p.slug for p in sections["practices"]["results"]] == shown[:5]
    assert sections["practices"]["more"]


@pytest.mark.parametrize("margin", [50, 2])
def test_pages_agree_with_the_best_of_each_type_among_equal_ranks(
    client, content, monkeypatch, margin
):
    # 24 practices alike rank equal. With a RUM index (PostgreSQL) their ids are read
    # in the index's order and the ties broken by id; with a margin of 2 rows, the
    # run of ties goes on past the rows read and the rest is asked for by id.
    monkeypatch.setattr(engine, "TIE_MARGIN", margin)
    for n in range(24):
        PracticeFactory(slug=f"alike-{n}", title_en="Mentors alike", summary_en="Work.")

    def page(number):
        params = {"q": "mentors alike", "type": "practices", "page": number}
        return [p.slug for p in client.get("/en/search/", params).context["results"]]

    shown = page(1) + page(2)
    # The order the database gives when it sorts every match by (rank, id) itself.
    results = Search.parse("mentors alike").apply(PRACTICES.queryset(), PRACTICES.spec)
    assert shown == list(results.values_list("slug", flat=True))
    assert len(shown) == len(set(shown)) == 24

    content_changed()
    sections = client.get("/en/search/", {"q": "mentors alike"}).context["sections"]
    practices = next(s for s in sections if s["kind"] == "practices")
    assert [p.slug for p in practices["results"]] == shown[:5]


def test_snippets_highlight_matches_and_escape_the_text(client, content):
    PracticeFactory(
        slug="xss",
        title_en="Evil mentors",
        summary_en="<script>alert(1)</script> mentors <b>bold</b>",
    )
    html = client.get("/en/search/", {"q": "mentors", "type": "practices"}).content.decode()
    assert "<mark>" in html
    assert "<script>alert(1)</script>" not in html
    assert "<b>bold</b>" not in html


def test_a_snippet_in_another_language_is_marked_with_it(client, content):
    PracticeFactory(
        slug="fi-only", title_en="", summary_en="", summary_sv="", summary_fi="Vain suomeksi"
    )

    html = client.get("/en/search/", {"q": "suomeksi", "type": "practices"}).content.decode()

    assert '<p class="snippet" lang="fi">Vain <mark>suomeksi</mark></p>' in html


def test_snippet_marks_the_match_after_letters_that_casefold_longer(client, content):
    # "İ".casefold() is two characters: positions in the folded text drift.
    PracticeFactory(slug="long", title_en="Long", summary_en="İ" * 150 + " mentors help")

    html = client.get("/en/search/", {"q": "mentors", "type": "practices"}).content.decode()

    assert "<mark>mentors</mark> help" in html


@pytest.mark.parametrize(
    "params",
    [
        # A NUL character is refused before the search: tests/website/test_nul_character.py
        {"q": "x" * 5000},
        {"q": "ja och and the"},
        {"q": ""},
        {"q": "mentors", "type": "nonsense"},
        {"q": "mentors", "type": "practices", "page": "abc"},
        {"q": ["mentors", "perhe"]},
        {"q": "'\":*&|!()<>"},
        {"q": "mentors", "type": "projects", "start_year": "99999999999"},
        {"q": "mentors", "type": "projects", "start_year": "²"},
        {"q": "mentors", "type": "practices", "year": "9" * 5000},
        {"q": "mentors", "type": "practices", "page": "9" * 5000},
    ],
)
def test_hostile_input_gives_a_normal_page_or_404(client, content, params):
    assert client.get("/en/search/", params).status_code in (200, 404)


def test_search_box_is_on_every_page(client, content):
    for path in ["/fi/", "/sv/god-praxis/", "/en/projects/", "/en/calls/"]:
        assert 'role="search"' in client.get(path).content.decode()


def test_the_two_search_landmarks_of_the_results_page_have_names(client, content):
    html = client.get("/en/search/", {"q": "mentors"}).content.decode()
    assert 'role="search" aria-label="Site search"' in html
    assert 'role="search" aria-labelledby="search-q-label"' in html
    assert 'id="search-q-label">Search practices, projects and calls</label>' in html


@pytest.mark.usefixtures("cache_in_memory")
@pytest.mark.parametrize(
    "query",
    [
        "mentors zzzqq",
        "zzzqq wwwxx",
        "Janakala",
        "zzzqqq",
        "zzzqq wwwxx yyyvv uuutt rrrss pppoo nnnmm kkkll",  # eight words to correct
        "mentorz wörkz",  # corrected: found on the last step
    ],
)
def test_a_search_that_loosens_its_matching_stays_within_12_queries(
    client, content, query, django_assert_max_num_queries
):
    # Each type loosens on its own (every word, any word, inside longer words,
    # similar names); the page must not pay a query per type for every step.
    content_changed()  # the first page after a change also looks up the next call deadline
    with django_assert_max_num_queries(12) as captured:
        response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    # Similar municipality names are looked up once, not once for each type.
    lookups = [
        q
        for q in captured.captured_queries
        if q["sql"].startswith('SELECT "practices_municipality"."name_fi"')
    ]
    assert len(lookups) <= 1


@pytest.mark.usefixtures("cache_in_memory")
def test_query_count_does_not_grow_with_the_data(
    client, content, django_assert_max_num_queries, django_assert_num_queries
):
    theme = ThemeFactory(slug="work")
    pages = [
        {"q": "mentors"},
        {"q": "mentors", "type": "practices"},
        {"q": "mentors", "type": "practices", "theme": "work", "size": "small", "year": "2019"},
        {"q": "mentors", "type": "projects", "theme": "work", "level": "local"},
    ]
    before = []
    for params in pages:
        with django_assert_max_num_queries(12, info=f"search {params}") as queries:
            client.get("/en/search/", params)
        before.append(len(queries))
    for n in range(40):
        PracticeFactory(title_en=f"Mentors {n}", themes=[ThemeFactory(), theme])
    for params, count in zip(pages, before, strict=True):
        with django_assert_num_queries(count, info=f"search {params} with more practices"):
            client.get("/en/search/", params)


# PostgreSQL only: stems, prefixes, similar names ------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kotoutuminen", "Työelämän mentorit"),  # text has "kotoutumista"
        ("kotoutumista", "Kotoutumisen mentorihanke"),
        ("kotou", "Työelämän mentorit"),  # a prefix is enough
        ("ensimmäinen viikko kunta", "Perhekahvila"),  # text: "Ensimmäiset viikot kunnassa"
        ("integration", "Työelämän mentorit"),  # Swedish "integrationen"
        ("mentoring", "Työelämän mentorit"),  # English stem of "mentors"
        ("työllistyminen", "Työelämän mentorit"),  # text: "työllistymistä"
    ],
)
def test_inflected_forms_are_found(client, content, query, expected):
    assert expected in titles(client, query, lang="fi")


@pytest.mark.postgres
def test_misspelled_municipality_is_found_by_trigrams(client, content):
    response = client.get("/fi/haku/", {"q": "Janakala", "type": "practices"})
    assert [p.slug for p in response.context["results"]] == ["families"]


@pytest.mark.postgres
def test_misspelled_organisation_is_found_by_trigrams(client, content):
    response = client.get("/fi/haku/", {"q": "Esimerkiyhdistys", "type": "practices"})
    assert "mentors" in [p.slug for p in response.context["results"]]


@pytest.mark.postgres
def test_a_similar_name_finds_items_without_an_organisation_and_ranks_them_last(client, content):
    hameenlinna = MunicipalityFactory(name_fi="Hämeenlinna", slug="hameenlinna")
    named = PracticeFactory(
        slug="named", organisation_fi="Hämeenlinnan kaupunki", municipalities=[hameenlinna]
    )
    unnamed = PracticeFactory(slug="unnamed", municipalities=[hameenlinna])
    Practice.objects.filter(pk=unnamed.pk).update(organisation_fi=None)
    # A project there too, with no coordinator at all.
    ProjectFactory(source_id="P2", slug="p2", name_fi="Hanke", municipalities=[hameenlinna])
    content_changed()

    response = client.get("/fi/haku/", {"q": "Hämenlinna"})

    assert response.status_code == 200
    sections = {s["kind"]: s for s in response.context["sections"]}
    assert sections["practices"]["search"].mode == "similar"
    assert [p.slug for p in sections["practices"]["results"]] == [named.slug, unnamed.slug]
    assert [p.slug for p in sections["projects"]["results"]] == ["p2"]


def test_a_part_of_a_compound_is_found_as_a_word(client, content):
    # Voikko splits "Perhekahvila" into perhe + kahvila: found at the first step.
    response = client.get("/fi/haku/", {"q": "kahvila", "type": "practices"})
    assert [p.slug for p in response.context["results"]] == ["families"]
    assert response.context["search"].mode == "all"


@pytest.mark.postgres
def test_title_ranks_above_body(client, content):
    PracticeFactory(
        slug="body",
        title_en="Something else",
        summary_en="About cafés.",
        title_fi="Muuta",
        summary_fi="Perhekahvila mainitaan sivussa.",
    )
    response = client.get("/fi/haku/", {"q": "perhekahvila", "type": "practices"})
    assert [p.slug for p in response.context["results"]][:2] == ["families", "body"]


def test_the_index_stays_current_when_content_changes(client, content):
    practice = Practice.objects.get(slug="mentors")
    practice.title_en = "Volunteer guides"
    practice.save()
    assert "Työelämän mentorit" in titles(client, "volunteer")
    # A raw update sends no signal: the index learns of it when rebuilt.
    Practice.objects.filter(pk=practice.pk).update(title_en="Changed by update")
    call_command("rebuild_search_index", "--no-progress", stdout=io.StringIO())
    content_changed()
    assert "Työelämän mentorit" in titles(client, "changed")
    assert "Työelämän mentorit" not in titles(client, "volunteer")


@pytest.mark.postgres
def test_stop_words_are_left_out(client, content):
    assert "Työelämän mentorit" in titles(client, "mentorit ja kotoutuminen", lang="fi")


@pytest.mark.postgres
def test_search_vectors_stay_in_the_row_beside_long_texts(client, content):
    # A search reads every matching vector; fetched from TOAST chunks they
    # tripled its time at scale (docs/performance.md). Storage MAIN moves the
    # long texts out of the row first.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute "
            "WHERE attrelid = 'practices_practice'::regclass AND attname = 'search_vector'"
        )
        assert cursor.fetchone() == ("m",)
    # Hundreds of different words: a vector larger than a row may hold, which
    # PostgreSQL must still keep (compressed, or out of the row as a last resort).
    long_text = " ".join(f"toimintamalli{n}" for n in range(600))
    practice = PracticeFactory(slug="long", title_fi="Pitkä kuvaus", how_it_works_fi=long_text)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT octet_length(search_vector::text) FROM practices_practice WHERE id = %s",
            [practice.pk],
        )
        assert cursor.fetchone()[0] > 8000
    assert "Pitkä kuvaus" in titles(client, "toimintamalli599", lang="fi")


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("  language   cafe ", "language cafe"),
        ('"kieli kahvila" Oulu, oulu; _nuoret_ "x" "ja"', '"kieli kahvila" Oulu nuoret x ja'),
        ("the and", "the and"),  # nothing to look for, and still so when read again
        ("a" * 50 + " b", "a" * engine.MAX_WORD_LENGTH + " b"),
        (" ".join(f"word{n}" for n in range(12)), " ".join(f"word{n}" for n in range(8))),
        (
            "Sign in at https://evil.example/login?user=you",
            "Sign in at https evil example login user you",
        ),
        ("x " * 150 + "hidden", "x"),  # past 200 characters nothing is read
        ("!!! ??? ...", ""),
        # Read in NFKC, longer than typed: still no more than 200 characters of it.
        (
            " ".join("ﬃ" * 13 + c for c in "abcdefgh"),  # 119 characters, 327 read
            " ".join(["ffi" * 13 + c for c in "abcd"] + ["ffi" * 12]),
        ),
        # A full-width quote is a quote; a phrase is read once, and only to MAX_WORDS words.
        ("＂ﷺ＂" * 66, '"صلى الله عليه وسلم"'),
        ('"a b" "c d" "a b" "e f" "g h" "i j"', '"a b" "c d" "e f" "g h"'),
    ],
)
def test_the_words_as_the_search_reads_them_are_the_same_search_read_again(typed, read):
    """What a filter keeps of the search words (an alert, a feed): nothing the search
    leaves unread, and nothing that would make it find otherwise."""
    search = Search.parse(typed)
    assert search.text_read == read
    again = Search.parse(search.text_read)
    assert (again.words, again.groups, again.phrases) == (
        search.words,
        search.groups,
        search.phrases,
    )
    assert len(search.text_read) <= 200
