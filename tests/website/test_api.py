"""The read-only JSON API: filters, languages, only published content, the licence."""

import datetime

import pytest
from drf_spectacular.validation import validate_schema
from rest_framework.throttling import AnonRateThrottle

from tests.factories import (
    CallFactory,
    CriterionFactory,
    PracticeFactory,
    ProjectFactory,
    SubmissionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    work = ThemeFactory(slug="work", name_fi="Työ", name_sv="Arbete", name_en="Work")
    return {
        "fi_only": PracticeFactory(
            slug="fi-only",
            title_fi="Vain suomeksi",
            title_sv="",
            title_en="",
            themes=[work],
            suits_small=True,
        ),
        "all": PracticeFactory(
            slug="all", title_fi="Kaikki", title_sv="Alla", title_en="All", suits_large=True
        ),
        "draft": PracticeFactory(slug="draft", draft=True, themes=[work]),
        "archived": PracticeFactory(slug="archived", archived=True),
        "project": ProjectFactory(
            source_id="P-1",
            slug="p-1",
            name_fi="Hanke",
            end_date=datetime.date(2015, 1, 1),
        ),
        "call": CallFactory(slug="open", title_en="Open call"),
        "hidden_call": (hidden := CallFactory(slug="hidden", is_published=False)),
        "submission": SubmissionFactory(call=hidden, title="Private submission"),
        "criterion": CriterionFactory(
            slug="goal-oriented", name_fi="Tavoitteellinen", name_en="Goal-oriented"
        ),
    }


def get(client, path, **params):
    response = client.get(path, params)
    return response, response.json()


def test_only_published_practices_are_listed_and_found(client, content):
    _response, data = get(client, "/api/v1/practices/")
    assert {item["slug"] for item in data["results"]} == {"fi-only", "all"}
    for slug in ("draft", "archived"):
        assert client.get(f"/api/v1/practices/{slug}/").status_code == 404


def test_unpublished_calls_and_submissions_never_appear(client, content):
    _response, data = get(client, "/api/v1/calls/")
    assert [item["slug"] for item in data["results"]] == ["open"]
    assert client.get("/api/v1/calls/hidden/").status_code == 404
    assert client.get("/api/v1/submissions/").status_code == 404
    assert "Private submission" not in client.get("/api/v1/calls/").content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "work"}, {"fi-only"}),
        ({"size": "large"}, {"all"}),
        ({"size": ["small", "large"]}, {"fi-only", "all"}),
        ({"sort": "title", "lang": "en"}, {"fi-only", "all"}),
    ],
)
def test_practices_are_filtered_like_the_list_page(client, content, params, expected):
    _response, data = get(client, "/api/v1/practices/", **params)
    assert {item["slug"] for item in data["results"]} == expected


def test_unknown_filter_values_are_a_clear_400(client, content):
    response, data = get(client, "/api/v1/practices/", theme="nope", lang="en")
    assert response.status_code == 400
    assert data == {"theme": ["nope is not one of the choices."]}


def test_language_is_chosen_per_request_with_fallback(client, content):
    _r, sv = get(client, "/api/v1/practices/fi-only/", lang="sv")
    assert sv["title"] == "Vain suomeksi"  # no Swedish text: the Finnish one
    assert sv["url"].endswith("/sv/god-praxis/fi-only/")
    _r, en = get(client, "/api/v1/practices/all/", lang="en")
    assert en["title"] == "All"
    response = client.get("/api/v1/practices/all/", HTTP_ACCEPT_LANGUAGE="sv")
    assert response.json()["title"] == "Alla"
    assert response["Content-Language"] == "sv"


def test_all_languages_in_one_response(client, content):
    response, data = get(client, "/api/v1/practices/fi-only/", lang="all")
    assert data["title"] == {"fi": "Vain suomeksi", "sv": None, "en": None}
    assert data["themes"][0]["name"] == {"fi": "Työ", "sv": "Arbete", "en": "Work"}
    assert response["Content-Language"] == "mul"


def test_an_unknown_language_is_a_clear_400(client, content):
    response = client.get("/api/v1/practices/", {"lang": "de"})
    assert response.status_code == 400
    assert "lang" in response.json()


def test_pagination_ids_and_licence(client, content):
    for n in range(30):
        PracticeFactory(slug=f"extra-{n}")
    response, data = get(client, "/api/v1/practices/")
    assert data["count"] == 32 and len(data["results"]) == 25 and data["next"]
    assert data["license"] == "CC BY 4.0"
    assert data["license_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    first = data["results"][0]
    assert isinstance(first["id"], int) and first["slug"]
    _r, page2 = get(client, "/api/v1/practices/", page=2)
    assert len(page2["results"]) == 7


def test_projects_and_criteria(client, content):
    _r, projects = get(client, "/api/v1/projects/", status="ended", level="local")
    assert [p["source_id"] for p in projects["results"]] == ["P-1"]
    assert projects["results"][0]["text_languages"] == ["fi"]
    _r, criteria = get(client, "/api/v1/criteria/", lang="en")
    assert criteria["results"][0]["name"] == "Goal-oriented"


def test_calls_say_their_state(client, content):
    _r, data = get(client, "/api/v1/calls/open/", lang="en")
    assert data["state"] == "open" and data["days_left"] >= 9
    assert datetime.datetime.fromisoformat(data["closes_at"]) == content["call"].closes_at


def test_the_schema_is_served_and_valid(client):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/practices/",
        "/api/v1/projects/",
        "/api/v1/calls/",
        "/api/v1/criteria/",
    } <= set(schema["paths"])
    validate_schema(schema)


def test_api_writes_are_refused(client, content):
    assert client.post("/api/v1/practices/", {}, content_type="application/json").status_code == 405
    assert client.delete("/api/v1/practices/all/").status_code == 405


@pytest.mark.parametrize("path", ["/api/v1/nope/", "/api/v1/practices/all/more/", "/api/"])
def test_an_unknown_api_address_is_a_json_404(client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("year", ["²", "9" * 5000, "abcd"])
def test_a_year_that_is_no_number_is_a_clear_400(client, content, year):
    response, data = get(client, "/api/v1/practices/", year=year, lang="en")

    assert response.status_code == 400
    assert data == {"year": [f"{year} is not a year."]}


def test_the_rate_limit_counts_the_connecting_address_not_a_forged_header(
    client, content, monkeypatch
):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    statuses = [
        client.get("/api/v1/criteria/", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}").status_code
        for i in range(5)
    ]

    assert statuses == [200, 200, 200, 429, 429]
