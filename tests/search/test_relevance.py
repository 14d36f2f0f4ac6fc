"""The relevance set: what a visitor types, in Finnish, Swedish or English, and what the
search must find (or must not), against content of our own. Runs on SQLite and, in CI's
second pass, on PostgreSQL; the share found is reported at the end (docs/search.md)."""

import pytest
from django.db import connection

from tests.factories import MunicipalityFactory, PracticeFactory, ProjectFactory, ThemeFactory
from website.cache import content_changed

pytestmark = pytest.mark.django_db

# (query, language of the page, the slug that must be found or, with "!", must not be)
QUERIES = [
    # Inflected forms find each other (Voikko's base forms)
    ("nuoret", "fi", "nuoret"),  # title: "Nuorten …"
    ("nuori", "fi", "nuoret"),
    ("nuorille", "fi", "nuoret"),
    ("kirjasto", "fi", "kahvila"),  # "kirjastossa"
    ("kirjastoissa", "fi", "kahvila"),
    ("työpaikka", "fi", "kieli"),  # "työpaikalla"
    ("perhe", "fi", "vertaiset"),  # "perheille"
    ("viikko", "fi", "vertaiset"),  # "viikossa"
    ("asukastuvassa", "fi", "oulu"),  # "asukastupa"
    ("Oulussa", "fi", "oulu"),
    # Base forms
    ("koulutus", "fi", "nuoret"),
    ("oppiminen", "fi", "yritys"),
    ("kotoutumiskoulutus", "fi", "janakkala-hanke"),  # "kotoutumiskoulutusta"
    # Parts of compounds
    ("kahvila", "fi", "kahvila"),  # "Kielikahvila"
    ("kahviloissa", "fi", "kahvila"),
    ("yritys", "fi", "yritys"),  # "pienyrityksissä"
    ("yrityksiä", "fi", "yritys"),
    ("tupa", "fi", "oulu"),  # "asukastupa"
    ("paikka", "fi", "yritys"),  # "harjoittelupaikat"
    ("tukihanke", "fi", "janakkala-hanke"),
    # The names of themes, in all three languages
    ("mentorointi", "fi", "vertaiset"),  # only its theme says so
    ("mentorskap", "sv", "vertaiset"),
    ("mentoring", "en", "vertaiset"),
    ("vertaistuki", "fi", "vertaiset"),
    ("kamratstöd", "sv", "vertaiset"),
    ("peer support", "en", "vertaiset"),
    # Swedish
    ("språkcaféet", "sv", "kahvila"),
    ("bibliotek", "sv", "kahvila"),  # "biblioteket"
    ("småföretagen", "sv", "yritys"),  # "småföretag"
    ("integration", "sv", "kotona"),  # "integrationen"
    ("ung", "sv", "nuoret"),  # "unga"
    # English
    ("libraries", "en", "kahvila"),  # "library"
    ("business", "en", "yritys"),  # "businesses"
    ("volunteer", "en", "kahvila"),  # "Volunteers"
    ("newcomer", "en", "kotona"),  # "newcomers"
    ("trained", "en", "nuoret"),  # "training"
    # Prefixes of three letters or more
    ("kotou", "fi", "nuoret"),  # "kotoutumiskoulutus"
    ("kielika", "fi", "kahvila"),
    ("pienyri", "fi", "yritys"),
    ("vapaaeht", "fi", "kahvila"),  # "Vapaaehtoiset"
    # Misspellings
    ("Janakala", "fi", "janakkala-hanke"),  # "Janakkala"
    ("kielikahvla", "fi", "kahvila"),
    ("mentorinti", "fi", "vertaiset"),
    # Phrases in quotes
    ('"suomen kieli"', "fi", "kieli"),
    ('"suomen kieli"', "fi", "!kaunis"),  # both words, not one after the other
    ('"kotoutumisen tukihanke"', "fi", "janakkala-hanke"),
    ('"kieli suomen"', "fi", "!kieli"),  # the other order
    # What must not be found
    ("Oulu", "fi", "!nuoret"),  # not inside "koulutus"
    ("Oulu", "fi", "oulu"),
    ("tus", "fi", "!nuoret"),  # the end of a word is no prefix
    ("kahvila", "fi", "!yritys"),
    ("mentorointi", "fi", "!kahvila"),
]


@pytest.fixture
def catalogue():
    mentoring = ThemeFactory(
        slug="mentoring",
        name_fi="Mentorointi ja vertaistuki",
        name_sv="Mentorskap och kamratstöd",
        name_en="Mentoring and peer support",
    )
    oulu = MunicipalityFactory(name_fi="Oulu", name_sv="Uleåborg", slug="oulu")
    janakkala = MunicipalityFactory(name_fi="Janakkala", name_sv="Janakkala", slug="janakkala")
    none = {"title_sv": "", "title_en": "", "summary_sv": "", "summary_en": ""}
    PracticeFactory(
        slug="kahvila",
        title_fi="Kielikahvila kirjastossa",
        summary_fi="Vapaaehtoiset ohjaavat keskusteluja, ja osallistujat harjoittelevat "
        "suomea kahvikupin ääressä.",
        title_sv="Språkcafé på biblioteket",
        summary_sv="Frivilliga leder samtal där deltagarna övar finska.",
        title_en="Language café at the library",
        summary_en="Volunteers lead conversations where participants practise Finnish.",
    )
    PracticeFactory(
        slug="nuoret",
        title_fi="Nuorten kotoutumiskoulutus",
        summary_fi="Koulutus tukee nuorten maahanmuuttajien opintoja.",
        title_sv="Integrationsutbildning för unga",
        summary_sv="Utbildningen stöder unga invandrares studier.",
        title_en="Integration training for young people",
        summary_en="Training supports the studies of young immigrants.",
    )
    PracticeFactory(
        slug="yritys",
        title_fi="Oppiminen pienyrityksissä",
        summary_fi="Harjoittelupaikat pienyrityksissä avaavat tien työelämään.",
        title_sv="Lärande i småföretag",
        summary_sv="Praktikplatser i småföretag öppnar vägen till arbetslivet.",
        title_en="Learning in small businesses",
        summary_en="Work placements in small businesses open the way to working life.",
    )
    PracticeFactory(
        slug="vertaiset",
        title_fi="Vertaisryhmät perheille",
        summary_fi="Perheet tapaavat toisiaan kerran viikossa.",
        title_sv="Grupper för familjer",
        summary_sv="Familjerna träffas en gång i veckan.",
        title_en="Groups for families",
        summary_en="Families meet once a week.",
        themes=[mentoring],
    )
    PracticeFactory(
        slug="oulu",
        title_fi="Asukastupa",
        summary_fi="Asukastupa kokoaa Oulussa asuvat yhteen.",
        municipalities=[oulu],
        **none,
    )
    PracticeFactory(
        slug="kieli",
        title_fi="Suomen kieli työpaikalla",
        summary_fi="Kieli opitaan työpaikalla työn lomassa.",
        **none,
    )
    PracticeFactory(
        slug="kaunis",
        title_fi="Kaunis kieli",
        summary_fi="Suomi on kaunis kieli, ja sitä opitaan yhdessä.",
        **none,
    )
    ProjectFactory(
        source_id="R1",
        slug="janakkala-hanke",
        name_fi="Kotoutumisen tukihanke",
        summary_fi="Hanke järjesti kotoutumiskoulutusta aikuisille.",
        coordinator_fi="Janakkalan kunta",
        municipalities=[janakkala],
    )
    ProjectFactory(
        source_id="R2",
        slug="kotona",
        name_fi="Kotona Suomessa",
        name_sv="Hemma i Finland",
        name_en="At home in Finland",
        summary_sv="Projektet stödde integrationen av nyanlända.",
        summary_en="The project supported the integration of newcomers.",
    )


def found(client, query: str, lang: str) -> list[str]:
    path = {"fi": "/fi/haku/", "sv": "/sv/sok/", "en": "/en/search/"}[lang]
    content_changed()  # a page of its own, not one cached by an earlier query
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    sections = response.context.get("sections") or []
    return [obj.slug for section in sections for obj in section["results"]]


def passes(client, query: str, lang: str, expected: str) -> bool:
    slugs = found(client, query, lang)
    if expected.startswith("!"):
        return expected[1:] not in slugs
    return expected in slugs


@pytest.mark.parametrize(("query", "lang", "expected"), QUERIES)
def test_query(client, catalogue, query, lang, expected):
    assert passes(client, query, lang, expected), found(client, query, lang)


def test_the_share_found_is_reported(client, catalogue, capsys):
    assert len(QUERIES) >= 40
    passed = [q for q in QUERIES if passes(client, *q)]
    share = len(passed) / len(QUERIES)
    with capsys.disabled():
        print(  # noqa: T201 – the report of the relevance set
            f"\nRelevance set on {connection.vendor}: {len(passed)} of {len(QUERIES)} "
            f"queries pass ({share:.0%})."
        )
    assert share == 1, [q for q in QUERIES if q not in passed]
