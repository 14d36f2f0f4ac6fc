"""Every e-mail to a jury member is written in the language of their account: set by
the editor on the invitation, by the jury member on their desk, and by editors in the
admin."""

import datetime

import pytest

from outbox.models import OutgoingEmail
from submissions.invitations import juror_invite
from submissions.models import StaffProfile, language_of
from submissions.notices import juror_remind, jury_notices_send
from tests.factories import CallFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 10)


@pytest.fixture
def call(criteria):
    call = CallFactory(
        title_fi="Mentorit", title_sv="Mentorer", title_en="Mentors", reviews_due=TODAY
    )
    SubmissionFactory(call=call, status="in_review", reference="MENT-0001")
    return call


def subjects_to(address: str) -> list[str]:
    return sorted(OutgoingEmail.objects.filter(to=address).values_list("subject", flat=True))


def test_an_invitation_in_swedish_and_every_jury_email_after_it(editor_client, call):
    response = editor_client.post(
        f"/fi/admin/submissions/call/{call.pk}/invite-juror/",
        {"first_name": "Sara", "last_name": "Lind", "email": "sara@example.org", "language": "sv"},
    )
    assert response.status_code == 302
    assert subjects_to("sara@example.org") == ["Du är med i juryn för ”Mentorer”"]
    sara = StaffProfile.objects.get(language="sv").user

    OutgoingEmail.objects.all().delete()
    # The invitation told her she is on the jury; then: sent to you, the reminder (due today).
    jury_notices_send(today=TODAY)
    assert subjects_to("sara@example.org") == [
        "Förslag att bedöma: ”Mentorer”",
        "Påminnelse: bedömningar väntar på dig, ”Mentorer”",
    ]
    assert language_of(sara) == "sv"


def test_a_juror_chooses_english_on_their_desk_and_is_reminded_in_english(client, call):
    juror = UserFactory(username="john", email="john@example.org", groups=["Jury"])
    call.jurors.add(juror)
    assert language_of(juror) == "fi"  # the site's default, until they choose
    client.force_login(juror)
    desk = client.get("/fi/admin/submissions/review/desk/").content.decode()
    assert 'name="language"' in desk
    client.post("/fi/admin/submissions/review/desk/", {"language": "en"})
    assert language_of(juror) == "en"

    juror_remind(call=call, juror=juror)
    assert subjects_to("john@example.org") == ["Reminder: reviews waiting for you, “Mentors”"]


def test_an_invitation_keeps_the_language_an_existing_account_chose(call, editor):
    known = UserFactory(username="known", email="known@example.org", groups=["Jury"])
    StaffProfile.objects.create(user=known, language="en")
    juror_invite(
        call=call, email="known@example.org", first_name="K", last_name="N", by=editor, language=""
    )
    assert subjects_to("known@example.org") == ["You are on the jury of “Mentors”"]


def test_editors_set_a_jury_members_language_in_the_admin(editor_client, call):
    juror = UserFactory(username="pia", first_name="Pia", last_name="Berg", groups=["Jury"])
    add = editor_client.get("/en/admin/submissions/staffprofile/add/").content.decode()
    assert "Pia Berg" in add
    editor_client.post(
        "/en/admin/submissions/staffprofile/add/", {"user": juror.pk, "language": "sv"}
    )
    assert language_of(juror) == "sv"
    profile = StaffProfile.objects.get(user=juror)
    editor_client.post(
        f"/en/admin/submissions/staffprofile/{profile.pk}/change/", {"language": "en"}
    )
    assert language_of(juror) == "en"


def test_a_jury_member_cannot_set_anothers_language(juror_client):
    assert juror_client.get("/en/admin/submissions/staffprofile/").status_code == 403
