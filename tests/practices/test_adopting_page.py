"""What a municipality needs to take a practice into use, on the practice's page: who
funded it, whom to ask, its own material, and practices like it."""

import pytest

from practices.models import Practice, PracticeLink
from tests.factories import PracticeFactory, PracticeLinkFactory, TargetGroupFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice():
    practice = PracticeFactory(
        slug="peer-groups",
        funder_fi="Työ- ja elinkeinoministeriö",
        funder_en="Ministry of Economic Affairs and Employment",
        funding_programme_fi="Kotoutumisen kumppanuusohjelma",
        funding_programme_en="Partnership programme for integration",
        contact_role_fi="Kotoutumispalvelujen koordinaattori",
        contact_person="Maija Meikäläinen",
        contact_email="salainen@example.org",
    )
    PracticeLinkFactory(
        practice=practice,
        title_fi="Ohjaajan käsikirja",
        title_en="Guide's handbook",
        kind=PracticeLink.Kind.TOOLKIT,
    )
    PracticeLinkFactory(practice=practice, title_fi="Kuvaus", kind=PracticeLink.Kind.DESCRIPTION)
    return practice


def test_the_page_tells_who_funded_it_and_whom_to_ask(client, practice):
    page = client.get("/en/good-practices/peer-groups/").content.decode()

    assert "Ministry of Economic Affairs and Employment" in page
    assert "Partnership programme for integration" in page
    assert "Maija Meikäläinen" in page
    # The role exists only in Finnish: shown in Finnish, marked as such.
    assert '<dd lang="fi">Kotoutumispalvelujen koordinaattori</dd>' in page
    assert "Not yet translated into this language: shown in Finnish." in page
    assert "salainen@example.org" not in page


def test_the_practices_own_material_is_listed_with_its_kind_in_every_language(client, practice):
    english = client.get("/en/good-practices/peer-groups/").content.decode()
    assert 'Guide&#x27;s handbook</a> <span class="muted">(toolkit or handbook)</span>' in english
    assert '<a href="https://example.org/' in english
    # A title in Finnish only says so beside it.
    assert 'lang="fi">Kuvaus</a>' in english
    swedish = client.get("/sv/god-praxis/peer-groups/").content.decode()
    assert "(verktygslåda eller handbok)" in swedish


def test_related_practices_share_themes_and_groups_and_prefer_the_same_size():
    work, health = ThemeFactory(), ThemeFactory()
    young, families = TargetGroupFactory(), TargetGroupFactory()
    practice = PracticeFactory(themes=[work], target_groups=[young], suits_small=True)
    other_size_one_shared = PracticeFactory(themes=[work], suits_large=True)
    other_size_two_shared = PracticeFactory(themes=[work], target_groups=[young], suits_large=True)
    same_size_one_shared = PracticeFactory(target_groups=[young], suits_small=True)
    PracticeFactory(themes=[health], target_groups=[families], suits_small=True)  # nothing shared
    PracticeFactory(themes=[work], target_groups=[young], suits_small=True, draft=True)

    related = Practice.objects.related_to(practice)

    assert related == [same_size_one_shared, other_size_two_shared, other_size_one_shared]
    assert Practice.objects.related_to(practice, limit=1) == [same_size_one_shared]


def test_a_practice_with_no_themes_or_groups_has_no_related_practices():
    PracticeFactory(themes=[ThemeFactory()])
    assert Practice.objects.related_to(PracticeFactory()) == []


def test_related_practices_are_shown_on_the_page(client):
    theme = ThemeFactory()
    PracticeFactory(slug="peer-groups", themes=[theme])
    PracticeFactory(slug="language-cafe", title_en="Language café", themes=[theme])
    page = client.get("/en/good-practices/peer-groups/").content.decode()
    assert "Related practices" in page
    assert 'href="/en/good-practices/language-cafe/"' in page
