"""A visitor refused a page or a form is told why and where to go, in their language."""

import logging

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_a_page_closed_to_the_visitor_says_so_with_a_way_on(client, monkeypatch):
    from django.core.exceptions import PermissionDenied

    from practices import views

    def refused(*args, **kwargs):
        raise PermissionDenied

    monkeypatch.setattr(views.PracticeListView, "get", refused)
    response = client.get("/sv/god-praxis/")
    assert response.status_code == 403
    page = response.content.decode()
    assert '<html lang="sv"' in page
    assert "<h1>Ingen åtkomst till sidan</h1>" in page
    assert 'href="/sv/god-praxis/"' in page


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("fi", "Lomaketta ei voitu lähettää"),
        ("sv", "Formuläret kunde inte skickas"),
        ("en", "The form could not be sent"),
    ],
)
def test_a_form_sent_without_its_csrf_token_explains_in_the_visitors_language(
    open_call, language, heading
):
    """Django's own page is in English and has inline styles, which the CSP blocks."""
    browser = Client(enforce_csrf_checks=True)
    with translation.override(language):
        path = reverse("submissions:call", kwargs={"slug": "mentoring"})
    response = browser.post(path, {"title": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    assert f"<h1>{heading}</h1>" in page
    assert "style" not in page.replace("stylesheet", "")


def test_a_refused_request_is_logged_in_one_line_without_a_traceback(client, caplog, settings):
    """Anyone can send forged Host headers by the thousand; the log keeps one line each."""
    from config.settings import LOGGING
    from website.log import SecurityWithoutTraceback

    caplog.set_level(logging.ERROR, logger="django.security")
    client.get("/fi/", HTTP_HOST="evil.example")
    [record] = [r for r in caplog.records if r.name.startswith("django.security")]
    assert SecurityWithoutTraceback().filter(record)
    assert record.exc_info is None
    formatted = logging.Formatter(LOGGING["formatters"]["plain"]["format"], style="{").format(
        record
    )
    assert "Traceback" not in formatted and "\n" not in formatted
    assert "security_without_traceback" in LOGGING["handlers"]["console"]["filters"]


def test_a_refused_staff_request_is_one_line_and_a_server_error_keeps_its_traceback():
    from website.log import SecurityWithoutTraceback

    try:
        raise PermissionError("refused")
    except PermissionError:
        import sys

        exc_info = sys.exc_info()
    refused = logging.LogRecord("django.request", logging.WARNING, "", 0, "Forbidden", (), exc_info)
    refused.status_code = 403
    failed = logging.LogRecord("django.request", logging.ERROR, "", 0, "Error", (), exc_info)
    failed.status_code = 500
    SecurityWithoutTraceback().filter(refused)
    SecurityWithoutTraceback().filter(failed)
    assert refused.exc_info is None
    assert failed.exc_info is not None


def test_a_server_error_under_the_api_answers_json(client, monkeypatch):
    from practices import api

    def broken(*args, **kwargs):
        raise RuntimeError("the database is down")

    monkeypatch.setattr(api.PracticeViewSet, "list", broken)
    client.raise_request_exception = False
    response = client.get("/api/v1/practices/", HTTP_ACCEPT="application/json")
    assert response.status_code == 500
    assert response.json() == {"detail": "A server error occurred."}
    page = client.get("/fi/")
    assert page.status_code == 200
