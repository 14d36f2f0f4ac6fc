"""Anyone can type anyone's address into the site's forms. Whichever form it is typed
into, one address gets only a few e-mails a day from them
(`outbox.services.typed_address_has_room`, CONFIRMATIONS_PER_ADDRESS_PER_DAY)."""

import datetime
import threading
import time
import uuid

import pytest
import time_machine
from django.db import connections
from django.utils import timezone

from alerts.models import Subscription
from outbox import services
from outbox.models import OutgoingEmail
from practices.models import ContactMessage
from practices.services import contact_message_send
from submissions.models import Submission
from tests.factories import PracticeFactory, ThemeFactory
from website.spam import form_token_new

pytestmark = pytest.mark.django_db

ADDRESS = "maija@example.org"  # the submission form's contact address (conftest)
CONTACT = "/en/good-practices/peer-groups/contact/"


def fresh(data: dict) -> dict:
    """The form again, as opened a minute ago."""
    return {**data, "form_token": form_token_new(started=time.time() - 60)}


def test_the_submission_the_contact_form_and_the_alerts_share_one_allowance_a_day(
    client, open_call, form_data, settings
):
    settings.CONFIRMATIONS_PER_ADDRESS_PER_DAY = 3
    practice = PracticeFactory(slug="peer-groups", contact_email="owner@kunta.example.org")
    ThemeFactory(slug="housing")
    message = {
        "website": "",
        "sender_name": "Maija Meikäläinen",
        "sender_email": "Maija@Example.org",
        "message": "How many peer guides did you need?",
        "consent": "on",
    }
    alerts = {"website": "", "email": "MAIJA@example.org"}

    def each_form(round_: int, theme: str):
        return (
            client.post("/en/calls/mentoring/", fresh(form_data), REMOTE_ADDR=f"192.0.2.{round_}"),
            client.post(CONTACT, fresh(message), REMOTE_ADDR=f"198.51.100.{round_}"),
            client.post(f"/en/alerts/subscribe/?theme={theme}", fresh(alerts)),
        )

    submitted, contacted, subscribed = each_form(1, "housing")
    assert submitted["Location"].endswith("?new=1")
    assert contacted["Location"] == f"{CONTACT}?sent=1"
    assert subscribed.status_code == 302
    assert OutgoingEmail.objects.filter(to__iexact=ADDRESS).count() == 3

    submitted, contacted, subscribed = each_form(2, "mentoring")
    assert submitted["Location"].endswith("?new=1&confirmation=0")
    assert contacted["Location"] == f"{CONTACT}?sent=1&copy=0"
    assert subscribed.status_code == 429
    # The submission and the message went all the same; the alerts need their e-mail.
    assert Submission.objects.count() == ContactMessage.objects.count() == 2
    assert Subscription.objects.count() == 1
    assert OutgoingEmail.objects.filter(to__iexact=ADDRESS).count() == 3

    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=1)):
        next_day = contact_message_send(
            practice=practice,
            form_token=uuid.uuid4(),
            sender_name="Maija Meikäläinen",
            sender_email=ADDRESS,
            sender_organisation="",
            message="And how long did a group meet?",
            language="en",
        )
    assert next_day.copy_email is not None


def test_every_spelling_of_one_mailbox_shares_its_allowance(client, settings):
    """A mail system reads the domain through IDNA, which drops soft hyphens and
    zero-width characters and maps full-width letters, and ignores quotes around a
    plain local part: each spelling had an allowance of its own, and all the copies
    reached one mailbox. Now one address is kept in the form mail is delivered to."""
    settings.CONFIRMATIONS_PER_ADDRESS_PER_DAY = 3
    PracticeFactory(slug="peer-groups", contact_email="owner@kunta.example.org")
    spellings = [
        "bob@example.net",
        "bob@exa\u00admple.net",
        "bob@example.net\u200b",
        "bob@\uff45xample.net",
        '"bob"@example.net',
        "bob@example.n\ufe0fet",
        "bob@EXAMPLE.net\u2060",
    ]
    sent = [
        client.post(
            CONTACT,
            fresh(
                {
                    "website": "",
                    "sender_name": "Bob",
                    "sender_email": spelling,
                    "message": "Your parcel is held: pay at the link.",
                    "consent": "on",
                }
            ),
            REMOTE_ADDR=f"198.51.100.{n}",
        )["Location"]
        for n, spelling in enumerate(spellings)
    ]
    assert sent == [f"{CONTACT}?sent=1"] * 3 + [f"{CONTACT}?sent=1&copy=0"] * 4
    copies = OutgoingEmail.objects.filter(to_typed_address=True)
    assert list(copies.values_list("to", flat=True)) == ["bob@example.net"] * 3
    assert set(ContactMessage.objects.values_list("sender_email", flat=True)) == {"bob@example.net"}
    # However the service is called, it counts the delivered address.
    assert not services.typed_address_has_room("BOB@exa\u00admple.net")


def test_e_mail_the_site_sends_of_its_own_accord_is_not_counted(settings):
    """Digests, decisions and messages to owners go to addresses their owners gave or
    confirmed: they take no place of the typed address's allowance."""
    settings.CONFIRMATIONS_PER_ADDRESS_PER_DAY = 1
    for _ in range(3):
        services.email_queue(
            to=ADDRESS, template="practices/email/contact_copy", context={}, language="en"
        )
    assert services.typed_address_has_room(ADDRESS)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_forms_at_the_same_moment_cannot_both_take_an_addresss_last_place(
    settings, monkeypatch
):
    """Both counted before either had queued its e-mail, so a script sending in parallel
    passed the allowance. Each now counts once the other has committed: the first to
    count waits here for a second that, with the fix, cannot reach it."""
    settings.CONFIRMATIONS_PER_ADDRESS_PER_DAY = 1
    both_counted = threading.Barrier(2)
    counted = services.typed_address_has_room

    def count_then_wait_for_the_other(*args, **kwargs):
        room = counted(*args, **kwargs)
        try:
            both_counted.wait(timeout=1)
        except threading.BrokenBarrierError:
            pass  # the other one waits for this one's commit: as it should
        return room

    monkeypatch.setattr(services, "typed_address_has_room", count_then_wait_for_the_other)
    outcomes = []

    def send(address):
        try:
            queued = services.email_queue_to_typed_address(
                to=address, template="practices/email/contact_copy", context={}, language="en"
            )
            outcomes.append(queued is not None)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(a,)) for a in (ADDRESS, ADDRESS.upper())]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == [False, True]
    assert OutgoingEmail.objects.count() == 1
