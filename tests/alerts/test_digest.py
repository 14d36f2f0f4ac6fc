"""The daily digest: each confirmed subscription is told once of each new practice its
filter lets through, in its language, and can be left with one click."""

import datetime
import logging
from email import message_from_bytes, policy

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alerts.models import Subscription
from alerts.querysets import SubscriptionQuerySet
from alerts.services import digest_send, digests_send
from outbox.models import OutgoingEmail
from outbox.services import email_send_due
from practices.models import Theme
from tests.alerts.conftest import SUBSCRIBE, link_in
from tests.factories import PracticeFactory, RegionFactory, TargetGroupFactory, ThemeFactory

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def yesterday():
    return timezone.now() - datetime.timedelta(days=1)


def subscribed(query: str, *, since, email="liisa@example.org", language="en") -> Subscription:
    return Subscription.objects.create(
        email=email,
        query=query,
        language=language,
        requested_at=since,
        confirmed_at=since,
        sent_until=since,
    )


def test_a_new_practice_that_matches_is_mailed_once_and_one_that_does_not_never(
    housing, work, yesterday
):
    subscription = subscribed("theme=housing", since=yesterday)
    PracticeFactory(title_en="Homes first", themes=[housing], published_at=yesterday - HOUR)
    PracticeFactory(title_en="Housing advice", themes=[housing])
    PracticeFactory(title_en="Job coaching", themes=[work])
    PracticeFactory(title_en="Draft housing", themes=[housing], draft=True)

    call_command("send_alerts", verbosity=0)
    call_command("send_alerts", verbosity=0)  # the timer may run it twice

    digest = OutgoingEmail.objects.get()
    assert digest.to == "liisa@example.org"
    assert digest.subject == "1 new good practice matches your alert"
    assert "Housing advice" in digest.body
    assert "Homes first" not in digest.body  # published before the subscription
    assert "Job coaching" not in digest.body
    assert "Draft housing" not in digest.body
    subscription.refresh_from_db()
    assert subscription.sent_until > yesterday

    PracticeFactory(title_en="Shared flats", themes=[housing])
    call_command("send_alerts", verbosity=0)

    later = OutgoingEmail.objects.exclude(pk=digest.pk).get()
    assert "Shared flats" in later.body
    assert "Housing advice" not in later.body


def test_no_digest_when_nothing_new_matches(housing, work, yesterday):
    subscribed("theme=housing", since=yesterday)
    PracticeFactory(themes=[work])
    assert digests_send() == 0
    assert not OutgoingEmail.objects.exists()


def test_an_unconfirmed_request_gets_no_digest(housing, yesterday):
    Subscription.objects.create(
        email="someone@example.org", query="", language="en", requested_at=yesterday
    )
    PracticeFactory(themes=[housing])
    assert digests_send() == 0
    assert not OutgoingEmail.objects.exists()


def test_a_filter_whose_theme_was_renamed_sends_nothing_rather_than_every_new_practice(
    client, form, work, caplog
):
    """django-filter leaves out a value it refuses and filters by the rest: once the
    theme's slug changed, `theme=education` let every new practice through."""
    education = ThemeFactory(slug="education", name_en="Education")
    client.post(SUBSCRIBE + "?theme=education", form)
    client.post(link_in(OutgoingEmail.objects.get(), "/alerts/confirm/"))
    subscription = Subscription.objects.get(query="theme=education", confirmed_at__isnull=False)
    OutgoingEmail.objects.all().delete()

    # An editor renames the theme's slug; a practice of another theme is published.
    Theme.objects.filter(pk=education.pk).update(slug="learning")
    PracticeFactory(title_en="Job coaching", themes=[work])
    PracticeFactory(title_en="Homework club", themes=[education])
    with caplog.at_level(logging.WARNING, logger="alerts.services"):
        call_command("send_alerts", verbosity=0)

    assert not OutgoingEmail.objects.exists()
    assert f"Alert subscription {subscription.pk} is held" in caplog.text
    assert "'theme=education' (theme)" in caplog.text
    assert Subscription.objects.get().sent_until == subscription.sent_until  # not claimed

    # The editor puts the slug back: what was held and matches follows, and only that.
    Theme.objects.filter(pk=education.pk).update(slug="education")
    call_command("send_alerts", verbosity=0)

    digest = OutgoingEmail.objects.get()
    assert "Homework club" in digest.body and "Job coaching" not in digest.body


@pytest.mark.parametrize(
    ("query", "removed"),
    [
        ("theme=education", lambda: ThemeFactory(slug="education")),
        ("region=kainuu&theme=work", lambda: RegionFactory(slug="kainuu")),
        ("target_group=youth&theme=work", lambda: TargetGroupFactory(slug="youth")),
    ],
    ids=["theme", "region", "target group"],
)
def test_a_filter_naming_a_deleted_term_sends_nothing_not_the_rest_of_the_filter(
    work, yesterday, query, removed
):
    term = removed()
    subscribed(query, since=yesterday)
    term.delete()
    PracticeFactory(themes=[work])  # what the rest of the filter would let through

    assert digests_send() == 0
    assert not OutgoingEmail.objects.exists()


def test_search_words_and_facets_match_as_on_the_search_page(housing, yesterday):
    subscribed("q=language+cafe&theme=housing", since=yesterday)
    PracticeFactory(title_en="Language cafe for parents", themes=[housing])
    PracticeFactory(title_en="Language cafe at the library")  # not housing
    PracticeFactory(title_en="Sports club", themes=[housing])  # not the words

    digests_send()

    body = OutgoingEmail.objects.get().body
    assert "Language cafe for parents" in body
    assert "library" not in body and "Sports club" not in body
    assert "/en/search/?type=practices&q=language+cafe&theme=housing" in body


def test_the_digest_is_in_the_subscriptions_language(housing, yesterday):
    subscribed("theme=housing", since=yesterday, language="sv")
    PracticeFactory(title_sv="Bostad först", title_en="Housing first", themes=[housing])

    digests_send()

    digest = OutgoingEmail.objects.get()
    assert "Bostad först" in digest.body
    assert "Boende" in digest.body  # the filter, in Swedish
    assert "/sv/" in digest.body


def test_every_digest_has_an_unsubscribe_link_and_the_one_click_headers(
    housing, yesterday, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    subscribed("theme=housing", since=yesterday)
    PracticeFactory(themes=[housing])
    digests_send()

    email_send_due()

    sent = mail.outbox[0]
    link = link_in(OutgoingEmail.objects.get(), "/alerts/unsubscribe/")
    assert sent.extra_headers["List-Unsubscribe"] == f"<{settings.SITE_URL}{link}>"
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # And in the message as it goes to the mail server (a long header folded, as RFC 5322
    # allows; a mail program reads it unfolded):
    parsed = message_from_bytes(sent.message().as_bytes(), policy=policy.default)
    assert parsed["List-Unsubscribe"].strip() == f"<{settings.SITE_URL}{link}>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_unsubscribing_by_the_link_shows_a_button_and_then_stops_the_alerts(
    client, housing, yesterday
):
    subscribed("theme=housing", since=yesterday)
    PracticeFactory(themes=[housing])
    digests_send()
    link = link_in(OutgoingEmail.objects.get(), "/alerts/unsubscribe/")

    page = client.get(link)
    assert b"Stop the alerts" in page.content
    assert Subscription.objects.exists()  # opening the link alone changes nothing

    done = client.post(link)

    assert done.status_code == 200
    assert b"The alerts have been stopped" in done.content
    assert not Subscription.objects.exists()
    assert not OutgoingEmail.objects.exists()  # its digests went with it
    # The link still answers, and says the same.
    assert b"The alerts have been stopped" in client.get(link).content
    assert client.post(link).status_code == 200


def test_leaving_removes_every_digest_the_subscription_was_sent(client, housing, yesterday):
    """The unsubscribe link is the same in each digest, days apart, and leaving by the
    newest removes them all."""
    subscribed("theme=housing", since=yesterday)
    PracticeFactory(themes=[housing])
    with time_machine.travel(timezone.now() + HOUR, tick=False):
        digests_send()
    PracticeFactory(themes=[housing], published_at=timezone.now() + 2 * HOUR)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1), tick=False):
        digests_send()
    first, second = OutgoingEmail.objects.order_by("pk")
    assert first.headers == second.headers

    client.post(link_in(second, "/alerts/unsubscribe/"))

    assert not OutgoingEmail.objects.exists()


def test_a_mail_program_unsubscribes_with_one_post_to_the_header_link(
    client, housing, yesterday, settings
):
    """RFC 8058: a POST of List-Unsubscribe=One-Click, with no cookie and no CSRF token."""
    subscribed("theme=housing", since=yesterday)
    PracticeFactory(themes=[housing])
    digests_send()
    header = OutgoingEmail.objects.get().headers["List-Unsubscribe"]
    path = header.strip("<>").removeprefix(settings.SITE_URL)
    client.handler.enforce_csrf_checks = True

    response = client.post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_a_forged_unsubscribe_link_removes_nothing(client, yesterday):
    subscribed("", since=yesterday)
    assert client.post("/en/alerts/unsubscribe/forged/").status_code == 400
    assert client.get("/en/alerts/unsubscribe/forged/").status_code == 400
    assert Subscription.objects.exists()


def test_one_link_leaves_one_subscription_only(client, housing, yesterday):
    subscribed("theme=housing", since=yesterday)
    subscribed("", since=yesterday)
    PracticeFactory(themes=[housing])
    digests_send()
    first = OutgoingEmail.objects.filter(subject__startswith="1").order_by("pk").first()

    client.post(link_in(first, "/alerts/unsubscribe/"))

    assert Subscription.objects.count() == 1


def test_two_runs_at_once_send_each_digest_once(housing, yesterday, monkeypatch):
    """Two runs read the same subscription; the one whose claim comes second finds the
    row already moved on by the other, and queues nothing."""
    subscription = subscribed("theme=housing", since=yesterday)
    PracticeFactory(themes=[housing])
    now = timezone.now()
    claim = SubscriptionQuerySet.update

    def other_run_claims_first(queryset, **values):
        monkeypatch.setattr(SubscriptionQuerySet, "update", claim)
        assert digest_send(subscription_id=subscription.pk, now=now) is True  # the other run
        return claim(queryset, **values)

    monkeypatch.setattr(SubscriptionQuerySet, "update", other_run_claims_first)

    assert digest_send(subscription_id=subscription.pk, now=now) is False
    assert OutgoingEmail.objects.count() == 1
    assert digests_send() == 0


def test_a_failure_while_queueing_loses_nothing_and_sends_nothing(housing, yesterday, monkeypatch):
    subscription = subscribed("theme=housing", since=yesterday)
    PracticeFactory(themes=[housing])

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("alerts.services.email_queue", broken)
    with pytest.raises(RuntimeError):
        digests_send()

    subscription.refresh_from_db()
    assert subscription.sent_until == yesterday  # the next run tells of the practice
    monkeypatch.undo()
    assert digests_send() == 1


def test_a_digest_waits_in_the_outbox_while_the_mail_server_is_down(housing, yesterday, settings):
    settings.EMAIL_BACKEND = "tests.outbox.failing_mail.Backend"
    subscribed("theme=housing", since=yesterday)
    PracticeFactory(themes=[housing])

    call_command("send_alerts", verbosity=0)
    call_command("send_queued_email", verbosity=0)
    call_command("send_alerts", verbosity=0)

    digest = OutgoingEmail.objects.get()
    assert digest.status == OutgoingEmail.Status.PENDING
    assert "Connection refused" in digest.last_error
