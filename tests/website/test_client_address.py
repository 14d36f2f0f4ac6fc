"""Every count per visitor sees the visitor: behind a proxy, each visitor is counted
apart; without one, a forged X-Forwarded-For changes nothing. The log-in lock-out,
the hourly submission limit, the API rate limit and the CSV download limit alike."""

import time

import pytest
from django.core.management import call_command

from tests.factories import CallFactory, CriterionFactory
from website.client import ApiRateThrottle
from website.limits import RateLimit
from website.spam import form_token_new

pytestmark = pytest.mark.django_db

LOGIN = "/en/admin/login/"
PROXY = "10.0.0.2"
STRANGER = "203.0.113.66"
REAL_USER = "198.51.100.20"
PASSWORD = "a-long-test-password"


def log_in(client, password="wrong-password", **meta):
    data = {"username": "editor", "password": password, "otp_token": "", "next": "/en/admin/"}
    return client.post(LOGIN, data, **meta)


def failed_log_in(client, **meta) -> bool:
    """A wrong password; True when the lock-out refused it."""
    return log_in(client, **meta).status_code == 429


def submission(client, **meta) -> bool:
    """A filled-in form; True when the hourly limit refused it."""
    data = {
        "form_token": form_token_new(started=time.time() - 60),
        "title": "Mentorit",
        "organisation": "Yhdistys",
        "summary": "s",
        "goal": "g",
        "how_it_works": "h",
        "results": "r",
        "resources": "r",
        "adoption": "a",
        "contact_name": "Maija",
        "contact_email": "maija@example.org",
        "language": "fi",
        "consent": "on",
        "criterion_c0": "x",
    }
    response = client.post("/en/calls/open/", data, **meta)
    refused = "Many submissions have already come from your network address"
    return response.status_code == 200 and refused in response.content.decode()


def api_request(client, **meta) -> bool:
    return client.get("/api/v1/criteria/", **meta).status_code == 429


def csv_download(client, **meta) -> bool:
    response = client.get("/en/good-practices/export.csv", **meta)
    if response.streaming:
        b"".join(response.streaming_content)  # read to the end, as a browser does
    return response.status_code == 429


DOORS = [failed_log_in, submission, api_request, csv_download]


@pytest.fixture
def two_uses_each(settings, monkeypatch, editor):
    """Every door lets one visitor through twice and refuses the third time."""
    CallFactory(slug="open")
    CriterionFactory(slug="c0")
    settings.AXES_FAILURE_LIMIT = 3
    settings.SUBMISSIONS_PER_ADDRESS_PER_HOUR = 2
    settings.SUBMISSION_MIN_FILL_SECONDS = 0
    monkeypatch.setattr(ApiRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    monkeypatch.setattr(
        RateLimit, "THROTTLE_RATES", {**RateLimit.THROTTLE_RATES, "export": "2/hour"}
    )


@pytest.mark.parametrize("door", DOORS, ids=lambda door: door.__name__)
def test_without_a_proxy_a_forged_forwarded_header_changes_nothing(
    client, settings, two_uses_each, door
):
    settings.NUM_PROXIES = 0
    refused = [
        door(client, REMOTE_ADDR=STRANGER, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}") for n in range(3)
    ]
    assert refused == [False, False, True]


@pytest.mark.parametrize("door", DOORS, ids=lambda door: door.__name__)
def test_behind_a_proxy_each_visitor_is_counted_apart_and_cannot_pose_as_another(
    client, settings, two_uses_each, door
):
    settings.NUM_PROXIES = 1
    stranger = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": STRANGER}
    assert [door(client, **stranger) for _ in range(2)] == [False, False]
    # Another visitor through the same proxy is not affected.
    assert not door(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=REAL_USER)
    # The stranger writes the real user's address into the header; the proxy appends
    # the address it sees, and that is the one counted.
    posing = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{REAL_USER}, {STRANGER}"}
    assert door(client, **posing)


def test_behind_a_proxy_a_strangers_failures_do_not_lock_out_the_real_user(
    client, settings, editor
):
    settings.NUM_PROXIES = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=STRANGER)
    assert log_in(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=STRANGER).status_code == 429

    real = log_in(client, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=REAL_USER)

    assert real.status_code == 302
    assert (
        client.get("/en/admin/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=REAL_USER).status_code
        == 200
    )


def test_without_a_proxy_the_lock_out_holds_whatever_the_header_says(client, settings, editor):
    settings.NUM_PROXIES = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, REMOTE_ADDR=STRANGER, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    forged = log_in(client, PASSWORD, REMOTE_ADDR=STRANGER, HTTP_X_FORWARDED_FOR=REAL_USER)
    assert forged.status_code == 429
    call_command("axes_reset", verbosity=0)
    assert log_in(client, PASSWORD, REMOTE_ADDR=STRANGER).status_code == 302


@pytest.mark.parametrize("door", DOORS, ids=lambda door: door.__name__)
def test_an_ipv6_visitor_is_counted_by_their_network_whatever_address_they_take(
    client, settings, two_uses_each, door
):
    """One subscriber holds a whole /64: a fresh address from it for every request must
    not reset the lock-out or any limit; another network is not affected."""
    settings.NUM_PROXIES = 0
    refused = [door(client, REMOTE_ADDR=f"2001:db8:1:2::{n:x}") for n in range(1, 4)]
    assert refused == [False, False, True]
    assert not door(client, REMOTE_ADDR="2001:db8:1:3::1")
