"""Alert subscriptions are personal data: exported and erased with the rest, told of in
the privacy notice, and seen in the admin by editors only."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from alerts.models import Subscription
from alerts.services import digests_send
from outbox.models import OutgoingEmail
from tests.factories import PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db

PERSONAL_DATA = "/en/admin/submissions/submission/personal-data/"
CHANGELIST = "/en/admin/alerts/subscription/"


@pytest.fixture
def subscription(housing):
    moment = timezone.now() - timezone.timedelta(days=2)
    return Subscription.objects.create(
        email="Maija@example.org",
        query="theme=housing",
        language="fi",
        requested_at=moment,
        confirmed_at=moment,
        sent_until=moment,
    )


def test_the_export_of_a_persons_data_holds_their_subscriptions(editor_client, subscription):
    response = editor_client.post(PERSONAL_DATA, {"email": "maija@example.org", "export": "1"})

    data = json.loads(response.content)
    assert data["alert_subscriptions"] == [
        {
            "email": "Maija@example.org",
            "filter": "theme=housing",
            "language": "fi",
            "requested": subscription.requested_at.isoformat(),
            "confirmed": subscription.confirmed_at.isoformat(),
            "sent_until": subscription.sent_until.isoformat(),
        }
    ]


def test_erasing_a_persons_data_removes_their_subscriptions_and_alerts(
    editor_client, subscription, housing
):
    PracticeFactory(themes=[housing])
    digests_send()
    assert OutgoingEmail.objects.filter(to="Maija@example.org").exists()

    editor_client.post(PERSONAL_DATA, {"email": "maija@example.org", "erase": "1", "confirm": "on"})

    assert not Subscription.objects.exists()
    assert not OutgoingEmail.objects.exists()


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_privacy_notice_tells_what_alerts_keep_for_how_long_and_how_to_stop(client, lang):
    with translation.override(lang):
        notice = client.get(reverse("submissions:privacy"))
    assert notice.status_code == 200
    text = notice.content.decode()
    expected = {
        "en": ("E-mail alerts of new practices", "7 days after it was made", "link that stops"),
        "fi": ("Sähköposti-ilmoitukset uusista käytännöistä", "7 päivän", "linkki"),
        "sv": ("E-postbevakning av ny praxis", "7 dagar", "länk"),
    }[lang]
    for words in expected:
        assert words in text


@pytest.mark.parametrize(
    ("role", "list_status", "delete_status"),
    [("editor", 200, 200), ("juror", 403, 403), ("anonymous", 302, 302)],
)
def test_only_editors_see_and_remove_subscriptions(
    client, subscription, role, list_status, delete_status
):
    if role != "anonymous":
        groups = {"editor": ["Editors"], "juror": ["Jury"]}[role]
        client.force_login(UserFactory(username=role, groups=groups))

    listing = client.get(CHANGELIST)
    delete = client.get(f"{CHANGELIST}{subscription.pk}/delete/")

    assert listing.status_code == list_status
    assert delete.status_code == delete_status
    if role == "editor":
        assert b"Maija@example.org" in listing.content
        assert b"1 alert subscription" in listing.content
        client.post(f"{CHANGELIST}{subscription.pk}/delete/", {"post": "yes"})
        assert not Subscription.objects.exists()
    else:
        assert b"Maija@example.org" not in listing.content
        assert Subscription.objects.exists()


def test_editors_cannot_add_or_change_a_subscription(editor_client, subscription):
    assert editor_client.get(f"{CHANGELIST}add/").status_code == 403
    page = editor_client.get(f"{CHANGELIST}{subscription.pk}/change/")
    assert page.status_code == 200
    assert b'name="email"' not in page.content  # read-only
