"""A municipality's planner downloads the list she filtered and opens it in a spreadsheet."""

import csv
import datetime
import io

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections

from tests.factories import (
    MunicipalityFactory,
    PracticeFactory,
    ProjectFactory,
    RegionFactory,
    ThemeFactory,
)
from website.limits import RateLimit

pytestmark = pytest.mark.django_db


def download(client, path, **params):
    response = client.get(path, params)
    body = b"".join(response.streaming_content)
    return response, body


def rows_of(body: bytes) -> list[list[str]]:
    # utf-8-sig fails the test if the byte order mark is missing from the start.
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def practices():
    work = ThemeFactory(slug="work", name_fi="Työ", name_sv="Arbete", name_en="Work")
    return {
        "mentoring": PracticeFactory(
            slug="mentoring",
            title_fi="Mentorointi Äänekoskella",
            title_en="Mentoring",
            themes=[work],
            municipalities=[MunicipalityFactory(name_fi="Äänekoski", name_sv="Äänekoski")],
        ),
        "other": PracticeFactory(slug="other", title_fi="Muu käytäntö"),
        "draft": PracticeFactory(slug="draft", title_fi="Luonnos", draft=True, themes=[work]),
        "formula": PracticeFactory(slug="formula", title_fi='=HYPERLINK("http://x")'),
    }


def test_practice_csv_is_utf8_with_bom_and_named_columns(client, practices):
    response, body = download(client, "/fi/hyvat-kaytannot/vienti.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="good-practices.csv"' in response["Content-Disposition"]
    header, *rows = rows_of(body)
    assert header[:4] == ["Osoite", "Nimi", "Organisaatio", "Tiivistelmä"]
    titles = {row[1] for row in rows}
    assert "Mentorointi Äänekoskella" in titles
    assert "Luonnos" not in titles, "a draft is never exported"


def test_practice_csv_follows_the_filters_and_the_language(client, practices):
    _response, body = download(client, "/en/good-practices/export.csv", theme="work")

    header, *rows = rows_of(body)
    assert header[:2] == ["Address", "Title"]
    assert [row[1] for row in rows] == ["Mentoring"]
    assert rows[0][0] == "http://testserver/en/good-practices/mentoring/"
    assert rows[0][header.index("Themes")] == "Work"
    assert rows[0][header.index("Municipalities")] == "Äänekoski"


def test_a_cell_that_looks_like_a_formula_stays_text(client, practices):
    _response, body = download(client, "/fi/hyvat-kaytannot/vienti.csv")

    titles = [row[1] for row in rows_of(body)[1:]]
    assert '\'=HYPERLINK("http://x")' in titles


def test_the_list_page_links_to_the_csv_of_what_it_shows(client, practices):
    page = client.get("/fi/hyvat-kaytannot/", {"theme": "work"}).content.decode()

    assert 'href="/fi/hyvat-kaytannot/vienti.csv?theme=work"' in page


def test_archive_csv_has_the_projects_of_the_filtered_list(client):
    ProjectFactory(
        source_id="THL-1",
        slug="kotona-suomessa",
        name_fi="Kotona Suomessa",
        level="national",
        start_date=datetime.date(2014, 1, 1),
        end_date=datetime.date(2016, 12, 31),
        themes=[
            ThemeFactory(name_fi="Työ", position=2),
            ThemeFactory(name_fi="Asuminen", position=1),
        ],
        regions=[RegionFactory(name_fi="Uusimaa")],
        funding=["esf", "amif"],
    )
    ProjectFactory(source_id="THL-2", slug="paikallinen", name_fi="Paikallinen hanke")

    response, body = download(client, "/fi/hankkeet/vienti.csv", level="national")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = rows_of(body)
    assert header[:3] == ["Osoite", "Lähdetietueen tunniste", "Nimi"]
    assert [(row[1], row[2]) for row in rows] == [("THL-1", "Kotona Suomessa")]
    assert rows[0][header.index("Alkamispäivä")] == "2014-01-01"
    assert rows[0][header.index("Teemat")] == "Asuminen; Työ", "in the vocabulary's order"
    assert rows[0][header.index("Maakunnat")] == "Uusimaa"
    assert rows[0][header.index("Rahoitus")].count("; ") == 1
    page = client.get("/fi/hankkeet/", {"level": "national"}).content.decode()
    assert 'href="/fi/hankkeet/vienti.csv?level=national"' in page


def test_an_odd_filter_value_is_left_out_before_the_download_starts(client, practices):
    response, body = download(client, "/en/good-practices/export.csv", year="²", theme="work")

    assert response.status_code == 200
    assert [row[1] for row in rows_of(body)[1:]] == ["Mentoring"]


def test_an_address_that_downloads_too_much_is_asked_to_wait(client, practices, monkeypatch):
    monkeypatch.setattr(
        RateLimit, "THROTTLE_RATES", {**RateLimit.THROTTLE_RATES, "export": "2/hour"}
    )
    for _ in range(2):
        download = client.get("/sv/god-praxis/export.csv")
        assert download.status_code == 200
        b"".join(download.streaming_content)  # read to the end, as a browser does

    refused = client.get("/sv/projekt/export.csv")

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    page = refused.content.decode()
    assert "<h1>För många nedladdningar</h1>" in page
    assert client.get("/sv/god-praxis/").status_code == 200, "the lists themselves still work"


def test_one_download_at_a_time_for_a_visitor_and_a_few_for_everyone(client, practices, settings):
    """A whole archive streams for seconds: even within the hourly rate, one visitor cannot
    start a second download before the first ends, nor can everyone together run more
    than EXPORTS_AT_ONCE; a download that ends, or is closed unread, frees its place."""
    from website.exports import EXPORTS_RUNNING

    first = client.get("/fi/hyvat-kaytannot/vienti.csv", REMOTE_ADDR="192.0.2.1")
    assert first.status_code == 200
    busy = client.get("/fi/hyvat-kaytannot/vienti.csv", REMOTE_ADDR="192.0.2.1")
    assert busy.status_code == 429
    assert "Lataus on juuri valmisteilla" in busy.content.decode()
    other = client.get("/fi/hyvat-kaytannot/vienti.csv", REMOTE_ADDR="192.0.2.2")
    assert other.status_code == 200
    assert EXPORTS_RUNNING.total == 2
    third = client.get("/fi/hyvat-kaytannot/vienti.csv", REMOTE_ADDR="192.0.2.3")
    assert third.status_code == 429  # two run already, for everyone

    b"".join(first.streaming_content)  # the first ends...
    # ... and the second is closed unread, as a server does when one leaves. Closing a
    # response signals the request's end, which would close the test's own database
    # connection (the test client keeps it open the same way when it closes one).
    request_finished.disconnect(close_old_connections)
    try:
        other.close()
    finally:
        request_finished.connect(close_old_connections)
    again = client.get("/fi/hyvat-kaytannot/vienti.csv", REMOTE_ADDR="192.0.2.3")
    assert again.status_code == 200
