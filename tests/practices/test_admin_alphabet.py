"""An editor finds a municipality or a region in the admin's lists in the order of the
alphabet of the language they work in: Å, Ä and Ö after Z in Finnish and Swedish (by
the Swedish name in Swedish), the marks ignored in English. The database sorts, so the
lists, their pages and the autocomplete of a practice's municipalities agree."""

import datetime

import pytest

from tests.factories import MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db

# Real municipalities with their Finnish and Swedish names; Jalasjärvi, merged into
# Kurikka in 2016, had no Swedish name: Swedish falls back to the Finnish one.
TOWNS = [
    ("Turku", "Åbo"),
    ("Ähtäri", "Etseri"),
    ("Vöyri", "Vörå"),
    ("Ylöjärvi", "Ylöjärvi"),
    ("Teuva", "Östermark"),
    ("Pietarsaari", "Jakobstad"),
    ("Äänekoski", "Äänekoski"),
    ("Vaasa", "Vasa"),
    ("Porvoo", "Borgå"),
    ("Aura", "Aura"),
    ("Närpiö", "Närpes"),
    ("Jalasjärvi", ""),
]
IN_FINNISH = [
    "Aura",
    "Jalasjärvi",
    "Närpiö",
    "Pietarsaari",
    "Porvoo",
    "Teuva",
    "Turku",
    "Vaasa",
    "Vöyri",
    "Ylöjärvi",
    "Ähtäri",
    "Äänekoski",
]
IN_SWEDISH = [
    "Aura",
    "Borgå",
    "Etseri",
    "Jakobstad",
    "Jalasjärvi",
    "Närpes",
    "Vasa",
    "Vörå",
    "Ylöjärvi",
    "Åbo",
    "Äänekoski",
    "Östermark",
]
IN_ENGLISH = [
    "Äänekoski",
    "Ähtäri",
    "Aura",
    "Jalasjärvi",
    "Närpiö",
    "Pietarsaari",
    "Porvoo",
    "Teuva",
    "Turku",
    "Vaasa",
    "Vöyri",
    "Ylöjärvi",
]
BY_LANGUAGE = {"fi": IN_FINNISH, "sv": IN_SWEDISH, "en": IN_ENGLISH}


@pytest.fixture
def towns():
    region = RegionFactory()
    for name_fi, name_sv in TOWNS:
        MunicipalityFactory(
            name_fi=name_fi,
            name_sv=name_sv,
            region=region,
            ended_on=datetime.date(2016, 1, 1) if name_fi == "Jalasjärvi" else None,
        )
    return region


def listed(response) -> list[str]:
    assert response.status_code == 200
    return [str(town) for town in response.context["cl"].result_list]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_list_of_municipalities_follows_the_editors_alphabet(editor_client, towns, language):
    response = editor_client.get(f"/{language}/admin/practices/municipality/")
    assert listed(response) == BY_LANGUAGE[language]


def test_a_swedish_editor_reads_and_sorts_the_swedish_names(editor_client, towns):
    response = editor_client.get("/sv/admin/practices/municipality/")
    html = response.content.decode()
    # The first column is the name the editor sorts by; the Finnish one stands beside it.
    assert html.index("Östermark") < html.index("Teuva")
    headers = [str(header["text"]) for header in response.context["result_headers"]]
    assert headers[1:3] == ["namn", "namn på finska"]  # after the column of check boxes


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_sorting_by_the_name_column_keeps_the_alphabet_both_ways(editor_client, towns, language):
    url = f"/{language}/admin/practices/municipality/"
    assert listed(editor_client.get(url, {"o": "1"})) == BY_LANGUAGE[language]
    assert listed(editor_client.get(url, {"o": "-1"})) == BY_LANGUAGE[language][::-1]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_choosing_a_practices_municipalities_offers_them_in_the_same_order(
    editor_client, towns, language
):
    response = editor_client.get(
        f"/{language}/admin/autocomplete/",
        {
            "app_label": "practices",
            "model_name": "practice",
            "field_name": "municipalities",
            "term": "",
        },
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == BY_LANGUAGE[language]


def test_the_autocomplete_of_an_adoptions_municipality_is_in_swedish_order_too(
    editor_client, towns
):
    response = editor_client.get(
        "/sv/admin/autocomplete/",
        {
            "app_label": "practices",
            "model_name": "adoption",
            "field_name": "municipality",
            "term": "s",
        },
    )
    assert [result["text"] for result in response.json()["results"]] == [
        "Etseri",
        "Jakobstad",
        "Jalasjärvi",
        "Närpes",
        "Vasa",
        "Äänekoski",
        "Östermark",
    ]


REGIONS = [
    ("Ahvenanmaa", "Åland", "Åland"),
    ("Pohjanmaa", "Österbotten", "Ostrobothnia"),
    ("Uusimaa", "Nyland", "Uusimaa"),
    ("Päijät-Häme", "Päijänne-Tavastland", "Päijät-Häme"),
    ("Etelä-Pohjanmaa", "Södra Österbotten", "South Ostrobothnia"),
    ("Varsinais-Suomi", "Egentliga Finland", "Southwest Finland"),
]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fi",
            [
                "Ahvenanmaa",
                "Etelä-Pohjanmaa",
                "Pohjanmaa",
                "Päijät-Häme",
                "Uusimaa",
                "Varsinais-Suomi",
            ],
        ),
        (
            "sv",
            [
                "Egentliga Finland",
                "Nyland",
                "Päijänne-Tavastland",
                "Södra Österbotten",
                "Åland",
                "Österbotten",
            ],
        ),
        (
            "en",
            [
                "Åland",
                "Ostrobothnia",
                "Päijät-Häme",
                "South Ostrobothnia",
                "Southwest Finland",
                "Uusimaa",
            ],
        ),
    ],
)
def test_the_list_of_regions_and_the_filter_by_region_follow_the_alphabet(
    editor_client, language, expected
):
    for name_fi, name_sv, name_en in REGIONS:
        RegionFactory(name_fi=name_fi, name_sv=name_sv, name_en=name_en)
    response = editor_client.get(f"/{language}/admin/practices/region/")
    assert listed(response) == expected

    response = editor_client.get(f"/{language}/admin/practices/municipality/")
    by_region = next(
        spec for spec in response.context["cl"].filter_specs if spec.field_path == "region"
    )
    assert [name for _pk, name in by_region.lookup_choices] == expected


def test_a_region_without_a_swedish_name_is_sorted_by_its_finnish_one(editor_client):
    RegionFactory(name_fi="Lappi", name_sv="", name_en="Lapland")
    RegionFactory(name_fi="Keski-Suomi", name_sv="Mellersta Finland", name_en="Central Finland")
    RegionFactory(name_fi="Kainuu", name_sv="Kajanaland", name_en="Kainuu")
    response = editor_client.get("/sv/admin/practices/region/")
    assert listed(response) == ["Kajanaland", "Lappi", "Mellersta Finland"]
