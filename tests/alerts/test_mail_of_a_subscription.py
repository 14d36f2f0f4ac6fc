"""Each e-mail of the alerts is queued with the reference of its subscription, and is
removed with that subscription and no other: one address may have several requests and
subscriptions, and the texts of the e-mail may change."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from alerts.models import Subscription
from alerts.services import digests_send, subscription_cancel, subscription_request
from outbox.models import OutgoingEmail, reference_to
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

ADDRESS = "liisa@example.org"


@pytest.fixture
def long_ago(settings):
    """Long enough ago for an unconfirmed request to have expired."""
    return timezone.now() - datetime.timedelta(days=settings.ALERT_CONFIRM_DAYS, hours=1)


def confirmed_with_a_digest(query: str, since: datetime.datetime) -> Subscription:
    subscription_request(email=ADDRESS, query=query, language="en", now=since)
    subscription = Subscription.objects.get(query=query)
    Subscription.objects.filter(pk=subscription.pk).update(confirmed_at=since, sent_until=since)
    return subscription


def test_an_expired_request_takes_only_its_own_confirmation_with_it(housing, long_ago):
    subscription_request(email=ADDRESS, query="theme=housing", language="en", now=long_ago)
    subscription_request(email=ADDRESS, query="", language="en")
    pending = Subscription.objects.get(query="")

    call_command("remove_unconfirmed_alerts", verbosity=0)

    assert list(Subscription.objects.all()) == [pending]
    # The request still waiting keeps its confirmation, with the same subject as the other's.
    [confirmation] = OutgoingEmail.objects.filter(to=ADDRESS)
    assert confirmation.reference == reference_to(pending)
    assert "Every new practice" in confirmation.body


def test_a_confirmation_is_removed_with_its_request_whatever_its_subject(housing, long_ago):
    subscription_request(email=ADDRESS, query="theme=housing", language="fi", now=long_ago)
    # Queued under an earlier wording of the subject.
    OutgoingEmail.objects.update(subject="Vahvista sähköposti-ilmoitukset")

    call_command("remove_unconfirmed_alerts", verbosity=0)

    assert not Subscription.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_leaving_one_subscription_keeps_the_mail_of_the_others(housing):
    yesterday = timezone.now() - datetime.timedelta(days=1)
    housing_alerts = confirmed_with_a_digest("theme=housing", yesterday)
    every_practice = confirmed_with_a_digest("", yesterday)
    PracticeFactory(themes=[housing])
    assert digests_send() == 2
    kept = set(OutgoingEmail.objects.about(every_practice))
    assert len(kept) == 2  # its confirmation and its digest
    OutgoingEmail.objects.create(to=ADDRESS, subject="Copy of your message", body=".")

    subscription_cancel(subscription=housing_alerts)

    assert not OutgoingEmail.objects.about(housing_alerts).exists()
    assert set(OutgoingEmail.objects.about(every_practice)) == kept
    assert OutgoingEmail.objects.filter(subject="Copy of your message").exists()


def test_an_editor_removing_a_subscription_removes_its_mail_only(editor_client, housing):
    subscription_request(email=ADDRESS, query="theme=housing", language="en")
    subscription_request(email=ADDRESS, query="", language="en")
    removed, kept = Subscription.objects.order_by("pk")

    editor_client.post(
        f"/en/admin/alerts/subscription/{removed.pk}/delete/", {"post": "yes"}, follow=True
    )

    assert list(Subscription.objects.all()) == [kept]
    assert [m.reference for m in OutgoingEmail.objects.all()] == [reference_to(kept)]


def test_mail_queued_before_the_references_gets_its_subscriptions(housing, long_ago):
    """The migration that brought the references finds the subscription of each e-mail
    already queued by the signed link in it."""
    yesterday = timezone.now() - datetime.timedelta(days=1)
    old_request = confirmed_with_a_digest("theme=housing", long_ago)
    Subscription.objects.filter(pk=old_request.pk).update(confirmed_at=None, sent_until=None)
    subscribed = confirmed_with_a_digest("", yesterday)
    subscription_request(email="other@example.org", query="", language="sv")
    PracticeFactory()
    digests_send()
    expected = {m.pk: m.reference for m in OutgoingEmail.objects.all()}
    assert len(expected) == 4 and set(expected.values()) == {
        reference_to(old_request),
        reference_to(subscribed),
        reference_to(Subscription.objects.get(email="other@example.org")),
    }
    unrelated = OutgoingEmail.objects.create(
        to=ADDRESS, subject="Copy", body="See https://example.org/a:b/ and /x:y/"
    )
    OutgoingEmail.objects.update(reference="")

    migration = importlib.import_module("alerts.migrations.0003_outbox_references")
    migration.add_references(apps, None)

    assert {m.pk: m.reference for m in OutgoingEmail.objects.exclude(pk=unrelated.pk)} == expected
    unrelated.refresh_from_db()
    assert unrelated.reference == ""
    # The expired request takes its confirmation, whose link has long run out, with it.
    call_command("remove_unconfirmed_alerts", verbosity=0)
    assert not OutgoingEmail.objects.about(old_request).exists()
