"""A call is upcoming, open or closed by its dates alone, in Helsinki time."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from submissions.models import Call, CallState
from tests.factories import CallFactory, PracticeFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

HELSINKI = timezone.get_default_timezone()


def helsinki(*args):
    return datetime.datetime(*args, tzinfo=HELSINKI)


@pytest.fixture
def call_2018():
    return CallFactory(
        slug="mentoring-2018",
        opens_at=helsinki(2018, 10, 1, 7, 43),
        closes_at=helsinki(2018, 11, 30, 23, 59),
        grace_minutes=15,
    )


@pytest.mark.parametrize(
    ("moment", "state"),
    [
        (helsinki(2018, 10, 1, 7, 42, 59), CallState.UPCOMING),
        (helsinki(2018, 10, 1, 7, 43), CallState.OPEN),
        (helsinki(2018, 11, 30, 23, 59), CallState.OPEN),
        (helsinki(2018, 11, 30, 23, 59, 1), CallState.CLOSED),
        # 23:59 in Helsinki is 21:59 in UTC: one minute later in UTC is closed.
        (datetime.datetime(2018, 11, 30, 22, 0, tzinfo=datetime.UTC), CallState.CLOSED),
        (datetime.datetime(2018, 11, 30, 21, 58, tzinfo=datetime.UTC), CallState.OPEN),
    ],
)
def test_state_follows_the_dates_at_the_edges(call_2018, moment, state):
    assert call_2018.state_at(moment) == state


def test_summer_time_deadline_is_in_helsinki_time():
    call = CallFactory(opens_at=helsinki(2025, 5, 1), closes_at=helsinki(2025, 6, 30, 16, 0))
    assert call.closes_at.astimezone(datetime.UTC).hour == 13  # UTC+3 in summer
    assert (
        call.state_at(datetime.datetime(2025, 6, 30, 13, 0, tzinfo=datetime.UTC)) == CallState.OPEN
    )
    assert (
        call.state_at(datetime.datetime(2025, 6, 30, 13, 1, tzinfo=datetime.UTC))
        == CallState.CLOSED
    )


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (helsinki(2018, 11, 30, 23, 59), True),
        (helsinki(2018, 12, 1, 0, 14), True),  # within the 15-minute grace period
        (helsinki(2018, 12, 1, 0, 14, 1), False),
        (helsinki(2018, 10, 1, 7, 42), False),
    ],
)
def test_grace_period_extends_only_the_acceptance(call_2018, moment, accepted):
    assert call_2018.accepts_submissions_at(moment) is accepted


def test_unpublished_call_accepts_nothing(call_2018):
    call_2018.is_published = False
    assert not call_2018.accepts_submissions_at(helsinki(2018, 11, 1))


def test_open_ended_call_is_always_open():
    call = CallFactory(opens_at=helsinki(2024, 1, 1), closes_at=None)
    far = helsinki(2040, 1, 1)
    assert call.state_at(far) == CallState.OPEN
    assert call.accepts_submissions_at(far)
    assert call.days_left_at(far) is None


@pytest.mark.parametrize(
    ("moment", "days"),
    [
        (helsinki(2018, 11, 29, 12, 0), 1),
        (helsinki(2018, 11, 30, 0, 30), 0),
        # 23:30 UTC on the 29th is already the 30th in Helsinki: the last day.
        (datetime.datetime(2018, 11, 29, 23, 30, tzinfo=datetime.UTC), 0),
        (helsinki(2018, 11, 1, 9, 0), 29),
    ],
)
def test_days_left_counts_helsinki_days(call_2018, moment, days):
    assert call_2018.days_left_at(moment) == days


def test_database_refuses_a_deadline_before_the_opening():
    with pytest.raises(IntegrityError), transaction.atomic():
        CallFactory(opens_at=helsinki(2020, 2, 1), closes_at=helsinki(2020, 1, 1))


@time_machine.travel(datetime.datetime(2026, 3, 10, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_list_shows_open_calls_first_with_days_left(client):
    # Noon in Helsinki: "days left" count calendar days there, so the hour matters.
    now = timezone.now()
    CallFactory(
        title_en="Closed",
        opens_at=now - datetime.timedelta(days=60),
        closes_at=now - datetime.timedelta(days=30),
    )
    CallFactory(
        title_en="Upcoming",
        opens_at=now + datetime.timedelta(days=5),
        closes_at=now + datetime.timedelta(days=40),
    )
    CallFactory(title_en="Open later", closes_at=now + datetime.timedelta(days=20))
    CallFactory(title_en="Open soon", closes_at=now + datetime.timedelta(days=3, hours=1))
    CallFactory(title_en="Always", closes_at=None)
    CallFactory(title_en="Hidden", is_published=False)
    html = client.get("/en/calls/").content.decode()
    order = [title for title in ["Open soon", "Open later", "Always", "Upcoming", "Closed"]]
    positions = [html.index(f">{title}</a>") for title in order]
    assert positions == sorted(positions)
    assert "Hidden" not in html
    assert "3 days left" in html


def test_unpublished_call_page_is_not_found(client):
    CallFactory(slug="draft-call", is_published=False)
    assert client.get("/en/calls/draft-call/").status_code == 404


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fi", "30. marraskuuta 2018 kello 23.59"),
        ("sv", "30 november 2018 23:59"),
        ("en", "30 November 2018, 23:59"),
    ],
)
def test_deadline_is_shown_in_helsinki_time_in_the_visitors_language(client, call_2018, lang, text):
    calls = {"fi": "kaytantohaut", "sv": "utlysningar", "en": "calls"}[lang]
    html = client.get(f"/{lang}/{calls}/mentoring-2018/").content.decode()
    assert text in html


def test_closed_call_shows_no_form(client, call_2018):
    with time_machine.travel(helsinki(2019, 1, 1)):
        html = client.get("/en/calls/mentoring-2018/").content.decode()
    assert "<form" not in html.split('id="main"')[1]
    assert "This call is closed" in html


def test_a_closed_call_speaks_of_its_results_in_the_past_and_links_the_chosen_practices(
    client, call_2018
):
    call_2018.results_by = datetime.date(2019, 2, 15)
    call_2018.save()
    chosen = PracticeFactory(slug="mentors", title_en="Work-life mentors")
    SubmissionFactory(call=call_2018, status="published", practice=chosen)
    SubmissionFactory(call=call_2018, status="rejected")
    with translation.override("en"):
        path = reverse("submissions:call", kwargs={"slug": "mentoring-2018"})

    with time_machine.travel(helsinki(2019, 1, 1)):
        before = client.get(path).content.decode()
    with time_machine.travel(helsinki(2019, 3, 1)):
        after = client.get(path).content.decode()

    assert "The results are to be published by 15 February 2019." in before
    assert "The results were to be published by 15 February 2019." in after
    assert "Practices chosen in this call" in after
    assert 'href="/en/good-practices/mentors/"' in after


def test_upcoming_call_shows_no_form_yet(client, call_2018):
    with time_machine.travel(helsinki(2018, 9, 1)):
        html = client.get("/en/calls/mentoring-2018/").content.decode()
    assert 'name="title"' not in html
    assert "The form opens when the call opens." in html


def test_open_call_shows_the_form(client, call_2018, criteria):
    with time_machine.travel(helsinki(2018, 11, 1)):
        html = client.get("/en/calls/mentoring-2018/").content.decode()
    assert 'name="title"' in html
    assert 'name="criterion_goal-oriented"' in html


def test_call_states_are_computed_not_stored():
    assert "state" not in [field.name for field in Call._meta.fields]
