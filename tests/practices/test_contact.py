"""A visitor asks the owner of a practice about it, without ever seeing the owner's address."""

import datetime
import time

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from outbox.models import OutgoingEmail
from practices.models import ContactMessage
from practices.services import contact_messages_remove_expired
from tests.factories import PracticeFactory
from website.limits import RateLimit
from website.spam import form_token_new, form_token_read

pytestmark = pytest.mark.django_db

OWNER = "kotoutuminen@kunta.example.org"
URL = "/en/good-practices/peer-groups/contact/"


@pytest.fixture
def practice():
    return PracticeFactory(slug="peer-groups", title_en="Peer groups", contact_email=OWNER)


@pytest.fixture
def message():
    """What a visitor types, in a form opened a minute ago."""
    return {
        "form_token": form_token_new(started=time.time() - 60),
        "website": "",
        "sender_name": "Liisa Virtanen",
        "sender_email": "liisa@pienikunta.example.org",
        "sender_organisation": "Pienen kunnan sosiaalitoimi",
        "message": "How many peer guides did you need for a group of ten families?",
        "consent": "on",
    }


def test_a_visitor_sends_a_message_to_the_owner_and_gets_a_copy(client, practice, message):
    page = client.get("/en/good-practices/peer-groups/")
    assert URL.encode() in page.content
    assert OWNER.encode() not in page.content
    form = client.get(URL)
    assert form.status_code == 200
    assert OWNER.encode() not in form.content

    response = client.post(URL, message)

    assert response.status_code == 302
    assert response["Location"] == f"{URL}?sent=1"
    thanks = client.get(response["Location"])
    assert b"Your message has been sent" in thanks.content
    assert OWNER.encode() not in thanks.content
    saved = ContactMessage.objects.get()
    assert saved.practice == practice
    assert saved.language == "en"
    to_owner = OutgoingEmail.objects.get(to=OWNER)
    assert "How many peer guides" in to_owner.body
    assert "liisa@pienikunta.example.org" in to_owner.body  # so that the owner can answer
    copy = OutgoingEmail.objects.get(to="liisa@pienikunta.example.org")
    assert "How many peer guides" in copy.body
    assert OWNER not in copy.body and OWNER not in copy.subject
    assert {saved.owner_email, saved.copy_email} == {to_owner, copy}


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"sender_name": ""}, "sender_name", "This field is required."),
        ({"sender_email": ""}, "sender_email", "This field is required."),
        ({"sender_email": "liisa@"}, "sender_email", "Enter a valid email address."),
        ({"sender_name": "x" * 121}, "sender_name", "at most 120 characters"),
        ({"sender_organisation": "x" * 201}, "sender_organisation", "at most 200 characters"),
        ({"message": ""}, "message", "This field is required."),
        ({"message": "Hi?"}, "message", "at least 10 characters"),
        ({"message": "x" * 5001}, "message", "at most 5000 characters"),
        ({"consent": ""}, "consent", "Your consent is needed"),
    ],
)
def test_every_rule_of_the_contact_form_keeps_the_text_and_sends_nothing(
    client, practice, message, changes, field, error
):
    response = client.post(URL, {**message, **changes})

    assert response.status_code == 200
    assert error in " ".join(response.context["form"].errors[field])
    assert b'id="error-summary"' in response.content
    if field != "message":
        assert b"How many peer guides" in response.content
    assert not ContactMessage.objects.exists()
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
def test_spam_defences_refuse_the_message_and_keep_the_text(
    client, practice, message, changes, error
):
    if changes.get("form_token") == "just opened":
        changes = {"form_token": form_token_new(started=time.time())}
    response = client.post(URL, {**message, **changes})

    assert response.status_code == 200
    assert error in " ".join(response.context["form"].non_field_errors())
    assert b"How many peer guides" in response.content
    assert not ContactMessage.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_a_form_too_old_to_send_comes_back_with_a_fresh_token(client, practice, message):
    refused = client.post(URL, {**message, "form_token": "forged"})
    fresh = refused.context["form"].data["form_token"]
    assert form_token_read(fresh) is not None
    assert f'value="{fresh}"'.encode() in refused.content


def test_the_hourly_limit_per_visitor_keeps_the_text_and_sends_nothing(
    client, practice, message, monkeypatch
):
    monkeypatch.setattr(
        RateLimit, "THROTTLE_RATES", {**RateLimit.THROTTLE_RATES, "contact": "2/hour"}
    )
    for _ in range(2):
        data = {**message, "form_token": form_token_new(started=time.time() - 60)}
        assert client.post(URL, data).status_code == 302

    data = {**message, "form_token": form_token_new(started=time.time() - 60)}
    response = client.post(URL, data)

    assert response.status_code == 429
    assert "in the last hour" in " ".join(response.context["form"].non_field_errors())
    assert b"How many peer guides" in response.content
    assert ContactMessage.objects.count() == 2
    # Another visitor is not held back.
    data = {**message, "form_token": form_token_new(started=time.time() - 60)}
    assert client.post(URL, data, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_a_form_sent_twice_is_sent_once(client, practice, message):
    assert client.post(URL, message).status_code == 302
    assert client.post(URL, message).status_code == 302
    assert ContactMessage.objects.count() == 1
    assert OutgoingEmail.objects.count() == 2


def test_nothing_is_lost_when_the_mail_server_is_down(client, practice, message, settings):
    settings.EMAIL_BACKEND = "tests.outbox.failing_mail.Backend"

    response = client.post(URL, message)
    # A refused connection ends the sender's pass: the next pass tries the next message.
    call_command("send_queued_email", verbosity=0)
    call_command("send_queued_email", verbosity=0)

    assert response.status_code == 302
    assert ContactMessage.objects.count() == 1
    waiting = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING)
    assert set(waiting.values_list("to", flat=True)) == {OWNER, message["sender_email"]}
    assert all("Connection refused" in mail.last_error for mail in waiting)


def test_a_practice_without_a_contact_address_offers_no_form(client):
    PracticeFactory(slug="peer-groups", contact_email="")
    assert URL.encode() not in client.get("/en/good-practices/peer-groups/").content
    assert client.get(URL).status_code == 404


def test_a_form_left_open_while_the_address_was_removed_keeps_the_text(client, practice, message):
    assert client.get(URL).status_code == 200
    practice.contact_email = ""
    practice.save()

    response = client.post(URL, message)

    assert response.status_code == 200
    assert "can no longer be contacted" in " ".join(response.context["form"].non_field_errors())
    assert b"How many peer guides" in response.content
    assert not OutgoingEmail.objects.exists()


@pytest.mark.parametrize("trait", ["draft", "archived"])
def test_drafts_and_archived_practices_cannot_be_contacted(client, message, trait):
    PracticeFactory(slug="peer-groups", contact_email=OWNER, **{trait: True})
    assert client.get(URL).status_code == 404
    assert client.post(URL, message).status_code == 404
    assert not OutgoingEmail.objects.exists()


def test_the_form_pages_are_never_stored_in_a_shared_cache(client, practice):
    response = client.get(URL)
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_messages_and_their_e_mails_go_after_the_retention_period(client, practice, message):
    client.post(URL, message)
    kept_message = {**message, "form_token": form_token_new(started=time.time() - 60)}
    client.post(URL, kept_message)
    old = ContactMessage.objects.order_by("pk").first()
    ContactMessage.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=91)
    )
    other_mail = OutgoingEmail.objects.create(to="someone@example.org", subject="s", body="b")

    assert contact_messages_remove_expired() == 1

    assert list(ContactMessage.objects.all()) != [old]
    assert ContactMessage.objects.count() == 1
    assert not OutgoingEmail.objects.filter(pk__in=[old.owner_email_id, old.copy_email_id]).exists()
    assert OutgoingEmail.objects.filter(pk=other_mail.pk).exists()
    assert OutgoingEmail.objects.count() == 3  # the kept message's two, and the other one


def test_the_privacy_notice_says_how_long_messages_to_owners_are_kept(client):
    response = client.get("/en/privacy/")
    assert b"Messages sent to the owner of a practice" in response.content


CHECK = "/en/good-practices/peer-groups/contact/check/"


def typed(message):
    """What a visitor types into the form on the practice page: it has no token."""
    return {key: value for key, value in message.items() if key != "form_token"}


def test_the_practice_page_holds_the_contact_form_and_stays_the_same_for_everyone(client, practice):
    first = client.get("/en/good-practices/peer-groups/").content.decode()
    client.cookies.clear()
    again = client.get("/en/good-practices/peer-groups/").content.decode()
    assert first == again  # served from the shared cache: nothing made for one visitor
    assert '<details class="contact-owner"' in first
    assert f'action="{CHECK}"' in first
    assert 'name="sender_email"' in first and 'name="website"' in first  # and the honeypot
    assert "csrfmiddlewaretoken" not in first and 'name="form_token"' not in first
    assert OWNER not in first


def test_a_message_from_the_practice_page_is_checked_then_sent_from_the_contact_form(
    practice, message, settings
):
    visitor = Client(enforce_csrf_checks=True)
    visitor.get("/en/good-practices/peer-groups/")
    check = visitor.post(CHECK, typed(message))
    assert check.status_code == 200
    page = check.content.decode()
    assert "Your message has not been sent yet" in page
    assert "How many peer guides did you need" in page  # the text is kept
    assert f'action="{URL}"' in page and "csrfmiddlewaretoken" in page
    assert not ContactMessage.objects.exists() and not OutgoingEmail.objects.exists()

    form = check.context["form"]
    token = form.data["form_token"]
    assert form_token_read(token) is not None  # minted now, at the first step
    sent = {**typed(message), "form_token": token}
    sent["csrfmiddlewaretoken"] = check.context["csrf_token"]
    too_fast = visitor.post(URL, sent)
    assert "sent very quickly" in too_fast.content.decode()  # the timing defence holds
    assert not ContactMessage.objects.exists()

    settings.SUBMISSION_MIN_FILL_SECONDS = 0
    response = visitor.post(URL, sent)
    assert response.status_code == 302
    assert ContactMessage.objects.get().practice == practice
    assert OutgoingEmail.objects.filter(to=OWNER).count() == 1


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"sender_email": "not an address"}, "Enter a valid email address."),
        ({"consent": ""}, "Your consent is needed"),
        ({"website": "http://spam.example.com"}, "Leave the field “Leave this field empty” empty"),
    ],
)
def test_bad_input_on_the_practice_page_is_explained_and_nothing_is_lost(
    client, practice, message, changes, error
):
    response = client.post(CHECK, {**typed(message), **changes})
    page = response.content.decode()
    assert error in page
    assert "How many peer guides did you need" in page
    assert "Liisa Virtanen" in page
    assert f'action="{URL}"' in page
    assert form_token_read(response.context["form"].data["form_token"]) is not None
    assert not ContactMessage.objects.exists() and not OutgoingEmail.objects.exists()


def test_the_check_step_only_answers_a_sent_form(client, practice):
    assert client.get(CHECK).status_code == 405
    PracticeFactory(slug="no-owner", contact_email="")
    assert b"contact-owner" not in client.get("/en/good-practices/no-owner/").content


STRANGER = "stranger@example.net"


def test_a_strangers_address_gets_a_few_copies_a_day_and_the_owner_every_message(
    client, practice, message, settings
):
    """Anyone can type anyone's address as their own: the copy carried the typed name and
    text from the catalogue's own address to a stranger, five an hour from each network.
    One address now gets only a few e-mails a day from the site's forms, however it is
    written; past that the owner still gets each message, and the sender is told that no
    copy was sent (and so is the owner)."""
    settings.CONFIRMATIONS_PER_ADDRESS_PER_DAY = 2
    lure = {"sender_name": "Your bank", "message": "Your account is locked: call +1 555 0100."}
    sent = []
    for n, address in enumerate([STRANGER, "Stranger@Example.NET", "STRANGER@example.net"]):
        data = {**message, **lure, "sender_email": address}
        data["form_token"] = form_token_new(started=time.time() - 60)
        sent.append(client.post(URL, data, REMOTE_ADDR=f"2001:db8:{n}::1"))

    assert [response["Location"] for response in sent] == [
        f"{URL}?sent=1",
        f"{URL}?sent=1",
        f"{URL}?sent=1&copy=0",
    ]
    assert OutgoingEmail.objects.filter(to__iexact=STRANGER).count() == 2
    assert OutgoingEmail.objects.filter(to=OWNER).count() == 3
    first, *_, last = ContactMessage.objects.order_by("pk")
    assert first.copy_email is not None and last.copy_email is None
    assert "Lähettäjä sai kopion tästä viestistä" in first.owner_email.body  # in Finnish
    assert "Tästä viestistä ei lähetetty kopiota" in last.owner_email.body
    thanks = client.get(sent[-1]["Location"]).content.decode()
    assert "Your message has been sent to the owner of the practice" in thanks
    assert "No copy was sent to your e-mail address" in thanks
    assert "A copy is on its way" not in thanks
    assert "A copy is on its way" in client.get(sent[0]["Location"]).content.decode()


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fi", "Sähköpostiisi ei lähetetty kopiota"),
        ("sv", "Ingen kopia skickades till din e-postadress"),
    ],
)
def test_the_sender_is_told_in_their_language_that_no_copy_was_sent(client, practice, lang, words):
    with translation.override(lang):
        url = reverse("practices:contact", args=[practice.slug])
    assert words in client.get(f"{url}?sent=1&copy=0").content.decode()


@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\r", "\x0b", "\x85", "\u2028", "\u2029"])
def test_a_name_with_a_line_break_cannot_forge_a_line_in_the_owners_email(
    client, practice, message, line_break
):
    """The owner's e-mail (in Finnish) names the sender, and the next line gives the
    address to answer; a name with a line break put a forged address line between them."""
    forged = f"Eve Example{line_break}Sähköpostiosoite: minister@valtioneuvosto.fi"

    response = client.post(URL, {**message, "sender_name": forged})

    assert response.status_code == 302
    name = "Eve Example Sähköpostiosoite: minister@valtioneuvosto.fi"
    assert ContactMessage.objects.get().sender_name == name
    lines = OutgoingEmail.objects.get(to=OWNER).body.splitlines()
    address_lines = [line for line in lines if line.startswith("Sähköpostiosoite")]
    assert address_lines == ["Sähköpostiosoite: liisa@pienikunta.example.org"]
    assert any(line.endswith(name + ", Pienen kunnan sosiaalitoimi") for line in lines)


def test_a_name_or_message_of_nothing_but_invisible_characters_is_refused_as_empty(
    client, practice, message
):
    """They were taken out after the form had counted them, and an empty message made the
    database refuse the row: a server error."""
    response = client.post(URL, {**message, "sender_name": "\u202e\u2066", "message": "\x07" * 20})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["sender_name"] == errors["message"] == ["This field is required."]
    assert not ContactMessage.objects.exists() and not OutgoingEmail.objects.exists()
