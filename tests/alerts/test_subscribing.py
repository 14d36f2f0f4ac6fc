"""A visitor asks for e-mail about new practices of the list they are looking at, and
confirms from the e-mail: nothing else is ever sent to an address that did not confirm."""

import datetime
import time

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.http import QueryDict
from django.utils import timezone
from django.utils.http import urlencode

from alerts.models import Subscription
from alerts.services import subscription_request
from outbox.models import OutgoingEmail
from search.engine import MAX_WORDS, Search
from tests.alerts.conftest import SUBSCRIBE, link_in
from website.limits import RateLimit
from website.spam import form_token_new

pytestmark = pytest.mark.django_db


def test_the_filtered_list_links_to_alerts_of_the_same_filter(client, housing):
    page = client.get("/en/good-practices/?theme=housing&sort=title&page=1&size=small")
    assert b"Get e-mail about new practices like these" in page.content
    assert b'href="/en/alerts/subscribe/?size=small&amp;theme=housing"' in page.content


def test_a_search_links_to_alerts_of_its_words(client):
    page = client.get("/en/search/?q=language+cafe&type=practices")
    assert b'href="/en/alerts/subscribe/?q=language+cafe&amp;type=practices"' in page.content


def test_a_visitor_subscribes_and_confirms_from_the_email(client, housing, form):
    page = client.get(SUBSCRIBE + "?theme=housing&sort=title")
    assert page.status_code == 200
    assert b"Housing" in page.content  # the filter in words

    response = client.post(SUBSCRIBE + "?theme=housing&sort=title", form)

    assert response.status_code == 302
    assert response["Location"] == SUBSCRIBE + "?theme=housing&sent=1"
    thanks = client.get(response["Location"])
    assert b"a message with a confirmation link is on its way" in thanks.content
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.query, subscription.language) == (
        "liisa@pienikunta.example.org",
        "theme=housing",
        "en",
    )
    assert not subscription.is_confirmed
    confirmation = OutgoingEmail.objects.get()
    assert confirmation.to == "liisa@pienikunta.example.org"
    assert "Housing" in confirmation.body

    # The link opens a page with a button: a mail scanner that opens it confirms nothing.
    link = link_in(confirmation, "/alerts/confirm/")
    assert b"Confirm the alerts" in client.get(link).content
    subscription.refresh_from_db()
    assert not subscription.is_confirmed
    confirmed = client.post(link)
    assert b"Your e-mail alerts are on" in confirmed.content
    subscription.refresh_from_db()
    assert subscription.is_confirmed
    assert subscription.sent_until == subscription.confirmed_at
    assert OutgoingEmail.objects.count() == 1  # nothing but the one confirmation


def test_only_the_address_the_filter_the_language_and_the_times_are_kept():
    fields = {field.name for field in Subscription._meta.get_fields()}
    assert fields == {
        "id",
        "email",
        "query",
        "language",
        "requested_at",
        "confirmed_at",
        "sent_until",
    }


def test_the_filter_is_kept_as_one_normal_query_string(client, housing, work, form):
    client.post(SUBSCRIBE + "?theme=work&theme=housing&theme=work&page=3&sort=title&x=1", form)
    form["form_token"] = form_token_new(started=time.time() - 60)
    client.post(SUBSCRIBE + "?q=+language++cafe+&size=small&type=practices", form)

    assert set(Subscription.objects.values_list("query", flat=True)) == {
        "theme=housing&theme=work",
        "q=language+cafe&size=small",
    }


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("theme=no-such-theme", "no-such-theme is not one of the choices"),
        ("size=huge", "Select a valid choice"),
        ("used_in=7", "Select a valid choice"),
        ("year=19999", "19999 is not a year"),
        ("&".join(f"theme=theme-{n}" for n in range(100)), "The filter is too long to follow"),
        ("q=the+and", "The search words have nothing to look for"),
    ],
)
def test_a_filter_no_list_offers_is_refused_with_a_message(client, form, query, error):
    page = client.get(f"{SUBSCRIBE}?{query}")
    assert page.status_code == 400
    assert error in page.content.decode()
    assert b"This filter cannot be followed" in page.content

    response = client.post(f"{SUBSCRIBE}?{query}", form)

    assert response.status_code == 400
    assert not Subscription.objects.exists()
    assert not OutgoingEmail.objects.exists()


@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("", "This field is required."),
        ("liisa@", "Enter a valid email address."),
        ("liisa@example.org\nBcc: x@example.org", "Enter a valid email address."),
        ("x" * 250 + "@example.org", "at most 254 characters"),
    ],
)
def test_every_rule_of_the_address_keeps_the_page_and_sends_nothing(
    client, housing, form, email, error
):
    response = client.post(SUBSCRIBE + "?theme=housing", {**form, "email": email})

    assert response.status_code == 200
    assert error in " ".join(response.context["form"].errors["email"])
    assert b'id="error-summary"' in response.content
    assert not Subscription.objects.exists()
    assert not OutgoingEmail.objects.exists()


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"website": "http://spam.example"}, "Leave this field empty"),
        ({"form_token": "just opened"}, "very quickly"),
        ({"form_token": "forged"}, "too old to be sent"),
        ({"form_token": ""}, "too old to be sent"),
    ],
)
def test_spam_defences_refuse_the_request_and_keep_the_address(client, form, changes, error):
    if changes.get("form_token") == "just opened":
        changes = {"form_token": form_token_new(started=time.time())}
    response = client.post(SUBSCRIBE, {**form, **changes})

    assert response.status_code == 200
    assert error in " ".join(response.context["form"].non_field_errors())
    assert b"liisa@pienikunta.example.org" in response.content
    assert not Subscription.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_requests_from_one_network_address_are_limited(client, form, monkeypatch):
    monkeypatch.setattr(
        RateLimit, "THROTTLE_RATES", {**RateLimit.THROTTLE_RATES, "alerts": "2/hour"}
    )
    for number in range(2):
        data = {**form, "email": f"person{number}@example.org"}
        assert client.post(SUBSCRIBE, data).status_code == 302

    response = client.post(SUBSCRIBE, {**form, "email": "third@example.org"})

    assert response.status_code == 429
    assert "in the last hour" in " ".join(response.context["form"].non_field_errors())
    assert Subscription.objects.count() == 2


def test_the_same_answer_whether_or_not_the_address_is_subscribed(client, housing, form):
    """Nobody learns from the page whether an address gets alerts."""
    first = client.post(SUBSCRIBE + "?theme=housing", form)
    Subscription.objects.update(confirmed_at=timezone.now(), sent_until=timezone.now())
    again = client.post(
        SUBSCRIBE + "?theme=housing", {**form, "email": "LIISA@pienikunta.example.org"}
    )

    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert client.get(first["Location"]).content == client.get(again["Location"]).content
    assert Subscription.objects.count() == 1
    assert OutgoingEmail.objects.count() == 1  # a confirmed address gets no second request


def test_a_second_request_soon_after_sends_no_second_confirmation(housing):
    now = timezone.now()
    for _ in range(3):  # a double click, or someone typing another's address again
        subscription_request(email="a@example.org", query="theme=housing", language="fi", now=now)
    assert OutgoingEmail.objects.count() == 1

    later = now + datetime.timedelta(hours=2)
    subscription_request(email="a@example.org", query="theme=housing", language="sv", now=later)

    assert OutgoingEmail.objects.count() == 2
    assert Subscription.objects.get().language == "sv"


def test_the_confirmation_is_in_the_visitors_language(client, housing, form):
    client.post("/fi/ilmoitukset/tilaa/?theme=housing", form)
    mail = OutgoingEmail.objects.get()
    assert "Vahvista" in mail.subject
    assert "Asuminen" in mail.body
    assert "/fi/ilmoitukset/vahvista/" in mail.body


@pytest.mark.parametrize("token", ["forged", "x" * 300, "", "1:2:3"])
def test_a_forged_link_confirms_nothing(client, housing, form, token):
    client.post(SUBSCRIBE + "?theme=housing", form)
    path = f"/en/alerts/confirm/{token}/" if token else "/en/alerts/confirm/-/"

    assert client.get(path).status_code == 400
    assert client.post(path).status_code == 400
    assert not Subscription.objects.get().is_confirmed


def test_a_confirmation_link_runs_out_with_the_request(client, housing, form, settings):
    client.post(SUBSCRIBE + "?theme=housing", form)
    link = link_in(OutgoingEmail.objects.get(), "/alerts/confirm/")
    settings.ALERT_CONFIRM_DAYS = 0
    time.sleep(1.1)

    response = client.post(link)

    assert response.status_code == 400
    assert b"The link does not work" in response.content
    assert not Subscription.objects.get().is_confirmed


def test_unconfirmed_requests_are_removed_with_their_email_when_they_expire(housing, settings):
    old = timezone.now() - datetime.timedelta(days=settings.ALERT_CONFIRM_DAYS, hours=1)
    subscription_request(email="old@example.org", query="theme=housing", language="en", now=old)
    subscription_request(email="new@example.org", query="theme=housing", language="en")
    subscription_request(email="kept@example.org", query="", language="en", now=old)
    Subscription.objects.filter(email="kept@example.org").update(confirmed_at=old, sent_until=old)
    OutgoingEmail.objects.create(to="old@example.org", subject="Copy of your message", body=".")

    call_command("remove_unconfirmed_alerts", verbosity=0)

    assert set(Subscription.objects.values_list("email", flat=True)) == {
        "new@example.org",
        "kept@example.org",
    }
    # The confirmation went with the request; other e-mail to the address is not its to remove.
    assert set(
        OutgoingEmail.objects.filter(to="old@example.org").values_list("subject", flat=True)
    ) == {"Copy of your message"}


def test_the_database_refuses_two_subscriptions_of_one_address_to_one_filter():
    Subscription.objects.create(
        email="a@example.org", query="theme=housing", language="fi", requested_at=timezone.now()
    )
    with pytest.raises(IntegrityError):
        Subscription.objects.create(
            email="A@EXAMPLE.ORG", query="theme=housing", language="fi", requested_at=timezone.now()
        )


def test_the_database_refuses_a_confirmed_subscription_without_its_digest_time():
    with pytest.raises(IntegrityError):
        Subscription.objects.create(
            email="a@example.org",
            query="",
            language="fi",
            requested_at=timezone.now(),
            confirmed_at=timezone.now(),
        )


def test_nothing_is_lost_when_the_mail_server_is_down(client, housing, form, settings):
    settings.EMAIL_BACKEND = "tests.outbox.failing_mail.Backend"

    response = client.post(SUBSCRIBE + "?theme=housing", form)
    call_command("send_queued_email", verbosity=0)

    assert response.status_code == 302
    assert Subscription.objects.count() == 1
    waiting = OutgoingEmail.objects.get(status=OutgoingEmail.Status.PENDING)
    assert "Connection refused" in waiting.last_error


PHISHING = (
    "Your mailbox is full and will be closed today. To keep it sign in at "
    "https://evil.example/login and confirm your password within 24 hours. "
    + "Our support team thanks you for your patience and wishes you a pleasant day. "
    * 10
)[:900]


def test_the_confirmation_carries_only_the_search_words_the_search_reads(client, form):
    """Anyone can make a subscribe link with any text as its search words and type
    another's address: the confirmation said "Search words: " and the whole text, up to
    1,000 characters. The filter now keeps only what the search reads (`Search.parse`:
    200 characters, 8 words, no punctuation), and finds the same practices with it."""
    assert len(PHISHING) == 900
    lure = f"{SUBSCRIBE}?{urlencode({'q': PHISHING})}"
    assert client.get(lure).status_code == 200

    response = client.post(lure, {**form, "email": "victim@example.net"})

    assert response.status_code == 302
    read = Search.parse(PHISHING)
    query = Subscription.objects.get().query
    assert QueryDict(query)["q"] == read.text_read
    again = Search.parse(read.text_read)
    assert (again.groups, again.phrases) == (read.groups, read.phrases)
    assert len(read.groups) == MAX_WORDS
    body = OutgoingEmail.objects.get(to="victim@example.net").body
    words = [line for line in body.splitlines() if line.startswith("Search words: ")]
    assert words == [f"Search words: {read.text_read}"]
    assert len(words[0]) < 120
    assert "evil.example" not in body and "password" not in body


def test_an_address_that_has_had_its_e_mails_for_the_day_is_refused_whatever_it_subscribes(
    client, housing, work, form, settings
):
    """The confirmation of alerts counts with the site's other e-mail to typed addresses.
    Past the allowance nothing is saved and the visitor is told why, in their language;
    the answer is the same whether or not the address already has alerts."""
    settings.CONFIRMATIONS_PER_ADDRESS_PER_DAY = 1
    assert client.post(SUBSCRIBE + "?theme=housing", form).status_code == 302
    Subscription.objects.update(confirmed_at=timezone.now(), sent_until=timezone.now())

    answers = []
    for query in ("?theme=work", "?theme=housing"):  # a new filter, and the one it has
        data = {**form, "form_token": form_token_new(started=time.time() - 60)}
        answers.append(
            client.post(SUBSCRIBE + query, {**data, "email": "LIISA@pienikunta.example.org"})
        )

    for answer in answers:
        assert answer.status_code == 429
        errors = " ".join(answer.context["form"].non_field_errors())
        assert "No confirmation can be sent to this address now" in errors
        assert "Nothing was saved" in errors
    assert Subscription.objects.count() == 1
    assert OutgoingEmail.objects.count() == 1
    data = {**form, "form_token": form_token_new(started=time.time() - 60)}
    finnish = client.post("/fi/ilmoitukset/tilaa/?theme=work", data)
    assert "Tähän osoitteeseen ei voi nyt lähettää vahvistusta" in finnish.content.decode()
