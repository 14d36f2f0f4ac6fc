"""Editors invite jury members by e-mail; the link sets a password once, and expires."""

import io
import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.management import call_command

from outbox.models import OutgoingEmail
from submissions.invitations import juror_invite
from tests.factories import CallFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(db):
    return CallFactory(slug="mentoring")


def invite(client, call, email="aino.virtanen@example.org", language="en"):
    return client.post(
        f"/en/admin/submissions/call/{call.pk}/invite-juror/",
        {"first_name": "Aino", "last_name": "Virtanen", "email": email, "language": language},
    )


def link_in(message) -> str:
    return re.search(r"https?://\S+/invitation/\S+/", message.body).group(0).split("//", 1)[1]


def path_of(link: str) -> str:
    return "/" + link.split("/", 1)[1]


def test_an_editor_invites_a_new_juror_who_sets_a_password_once(editor_client, call, client):
    page = editor_client.get(f"/en/admin/submissions/call/{call.pk}/change/").content.decode()
    assert f"/en/admin/submissions/call/{call.pk}/invite-juror/" in page
    response = invite(editor_client, call)
    assert response.status_code == 302
    aino = get_user_model().objects.get(email="aino.virtanen@example.org")
    assert aino.groups.filter(name="Jury").exists() and aino.is_staff
    assert not aino.has_usable_password()
    assert list(call.jurors.all()) == [aino]
    message = OutgoingEmail.objects.get(to="aino.virtanen@example.org")
    assert "jury" in message.subject.lower()
    url = path_of(link_in(message))

    editor_client.logout()
    form = client.get(url)
    assert form.status_code == 200 and "Aino Virtanen" in form.content.decode()
    short = client.post(url, {"new_password1": "x", "new_password2": "x"})
    assert short.status_code == 200 and "errornote" in short.content.decode()
    password = "a-long-and-new-password-42"
    done = client.post(url, {"new_password1": password, "new_password2": password})
    assert done.status_code == 302 and done["Location"] == "/en/admin/"
    aino.refresh_from_db()
    assert aino.check_password(password)
    # The link worked once.
    client.logout()
    again = client.get(url)
    assert again.status_code == 400
    assert "no longer works" in again.content.decode()


def test_where_a_second_factor_is_required_the_invited_juror_sets_it_up_next(
    editor, call, client, settings
):
    settings.REQUIRE_TWO_FACTOR = True
    juror_invite(
        call=call,
        email="aino.virtanen@example.org",
        first_name="Aino",
        last_name="Virtanen",
        by=editor,
        language="en",
    )
    url = path_of(link_in(OutgoingEmail.objects.get(to="aino.virtanen@example.org")))
    password = "a-long-and-new-password-42"
    done = client.post(url, {"new_password1": password, "new_password2": password})
    assert done["Location"] == "/en/admin/two-step-verification/"
    assert client.get(done["Location"]).status_code == 200


def test_an_expired_invitation_link_no_longer_works(editor_client, call, client, monkeypatch):
    invite(editor_client, call)
    url = path_of(link_in(OutgoingEmail.objects.get(to="aino.virtanen@example.org")))
    editor_client.logout()
    later = time.time() + 8 * 24 * 60 * 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert client.get(url).status_code == 400


def test_a_forged_invitation_link_does_not_work(client, call):
    someone = UserFactory(username="someone", groups=["Jury"])
    forged = signing.dumps({"user": someone.pk, "mark": "0" * 16}, salt="other")
    response = client.get(f"/en/admin/submissions/call/invitation/{forged}/")
    assert response.status_code == 400
    response = client.get("/en/admin/submissions/call/invitation/not-a-token/")
    assert response.status_code == 400


def test_a_person_with_an_account_is_put_on_the_jury_without_a_password_link(editor_client, call):
    UserFactory(username="known", email="known@example.org")
    invite(editor_client, call, email="known@example.org")
    message = OutgoingEmail.objects.get(to="known@example.org")
    assert "/invitation/" not in message.body
    assert get_user_model().objects.get(username="known").groups.filter(name="Jury").exists()


def test_only_editors_invite(juror_client, call):
    assert invite(juror_client, call).status_code == 403
    assert not OutgoingEmail.objects.exists()


def test_an_invited_juror_is_told_once_that_they_are_on_the_jury(editor_client, call):
    """The invitation says so; the timer's notices do not say it a second time."""
    invite(editor_client, call)
    call_command("notify_jury", stdout=io.StringIO())
    (message,) = OutgoingEmail.objects.filter(to="aino.virtanen@example.org")
    assert "/invitation/" in message.body
