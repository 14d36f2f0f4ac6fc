"""A jury member logs in to their own desk of work and is told by e-mail when they are
assigned, when submissions are sent to them and before the review deadline."""

import datetime

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from outbox.models import OutgoingEmail
from submissions.models import JuryNotice, Review
from submissions.notices import jury_notices_send
from submissions.progress import juror_desk
from tests.factories import CallFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 10)


@pytest.fixture
def desk(criteria):
    juror = UserFactory(username="outi", first_name="Outi", last_name="Arvioija", groups=["Jury"])
    soon = CallFactory(title_en="Soon", jurors=[juror], reviews_due=TODAY)
    later = CallFactory(
        title_en="Later", jurors=[juror], reviews_due=TODAY + datetime.timedelta(days=20)
    )
    CallFactory(title_en="Not mine")
    first = SubmissionFactory(call=soon, status="in_review", reference="SOON-0001")
    SubmissionFactory(call=soon, status="in_review", reference="SOON-0002")
    SubmissionFactory(call=soon, status="received", reference="SOON-0003")
    Review.objects.create(submission=first, juror=juror, recommendation="recommend")
    SubmissionFactory(call=later, status="in_review", reference="LATE-0001")
    return {"juror": juror, "soon": soon, "later": later}


def test_jury_member_lands_on_their_desk_after_logging_in(client, desk):
    client.force_login(desk["juror"])
    response = client.get("/en/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/en/admin/submissions/review/desk/"
    html = client.get(response["Location"]).content.decode()
    soon, later = html.index("Soon"), html.index("Later")
    assert soon < later  # the nearest review deadline first
    assert "Not mine" not in html
    assert "Review SOON-0002" in html and "Review LATE-0001" in html
    assert "SOON-0003" not in html  # not sent to the jury yet


def test_desk_counts_what_waits(desk):
    soon, later = juror_desk(desk["juror"], today=TODAY + datetime.timedelta(days=1))
    assert (soon.call, soon.waiting, soon.reviewed, soon.late) == (desk["soon"], 1, 1, True)
    assert soon.next_submission.reference == "SOON-0002"
    assert (later.waiting, later.late) == (1, False)


def test_editor_still_lands_on_the_admin_home(editor_client):
    assert editor_client.get("/en/admin/").status_code == 200


def test_desk_is_only_for_jury_members(editor_client):
    assert editor_client.get("/en/admin/submissions/review/desk/").status_code == 403


def test_notices_are_sent_once_however_often_the_command_runs(desk):
    juror = desk["juror"]
    sent = jury_notices_send(today=TODAY)
    # Both calls: assigned, submissions sent; the "soon" call also a reminder (due today).
    assert sent == 5
    subjects = sorted(OutgoingEmail.objects.values_list("subject", flat=True))
    assert all(message.to == juror.email for message in OutgoingEmail.objects.all())
    assert sum("Muistutus" in s for s in subjects) == 1
    assert jury_notices_send(today=TODAY) == 0
    call_command("notify_jury")
    assert OutgoingEmail.objects.count() == 5
    assert JuryNotice.objects.filter(kind="sent").count() == 2


def test_a_new_submission_sent_to_the_jury_is_told_once(desk):
    jury_notices_send(today=TODAY - datetime.timedelta(days=30))
    before = list(OutgoingEmail.objects.values_list("pk", flat=True))
    SubmissionFactory(call=desk["later"], status="in_review", reference="LATE-0002")
    assert jury_notices_send(today=TODAY - datetime.timedelta(days=30)) == 1
    message = OutgoingEmail.objects.exclude(pk__in=before).get()
    assert "LATE-0002" in message.body and "LATE-0001" not in message.body.split("\n\n")[1]


def test_no_reminder_when_nothing_is_missing_or_the_deadline_is_far(desk):
    jury_notices_send(today=TODAY - datetime.timedelta(days=10))
    assert not JuryNotice.objects.filter(kind="reminder").exists()
    Review.objects.create(
        submission=desk["soon"].submissions.get(reference="SOON-0002"),
        juror=desk["juror"],
        recommendation="recommend",
    )
    jury_notices_send(today=TODAY)
    assert not JuryNotice.objects.filter(kind="reminder", call=desk["soon"]).exists()


def test_database_refuses_a_second_notice_of_the_same_kind(desk):
    JuryNotice.objects.create(juror=desk["juror"], call=desk["soon"], kind="assigned")
    with pytest.raises(IntegrityError), transaction.atomic():
        JuryNotice.objects.create(juror=desk["juror"], call=desk["soon"], kind="assigned")


def test_notices_wait_for_a_published_call(desk):
    desk["later"].is_published = False
    desk["later"].save()
    jury_notices_send(today=timezone.localdate())
    assert not JuryNotice.objects.filter(call=desk["later"]).exists()
