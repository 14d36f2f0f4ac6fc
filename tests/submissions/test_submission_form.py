"""A coordinator submits a practice to an open call."""

import datetime
import io
import re
import time
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from outbox.models import OutgoingEmail
from outbox.services import email_queue, email_send_due
from submissions.models import Attachment, Submission
from tests.factories import CallFactory, SubmissionFactory, UserFactory
from tests.files import docx_file, odt_file, pdf_file, png_file
from website.spam import form_token_new, form_token_read

pytestmark = pytest.mark.django_db

URL = "/en/calls/mentoring/"


def post(client, data, **extra):
    return client.post(URL, data, REMOTE_ADDR=extra.pop("address", "192.0.2.10"), **extra)


def test_coordinator_submits_and_gets_a_reference_and_status_link(
    client, open_call, form_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, {**form_data, "attachments": [pdf_file()]})
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/submission/{submission.status_token}/?new=1"
    assert submission.status == Submission.Status.RECEIVED
    assert submission.self_assessments.count() == 6
    assert submission.attachments.get().original_name == "plan.pdf"
    assert list(submission.municipalities.values_list("slug", flat=True)) == ["oulu"]
    page = client.get(response["Location"]).content.decode()
    assert submission.reference in page
    assert "Thank you! Your submission has been received." in page
    assert f"/en/submission/{submission.status_token}/" in page
    assert len(submission.status_token) >= 40


def test_confirmation_goes_to_the_submitter_in_their_language_and_a_notice_to_editors(
    client, open_call, form_data
):
    post(client, {**form_data, "language": "sv"})
    call_command("send_queued_email", stdout=io.StringIO())
    submission = Submission.objects.get()
    to_submitter, to_editors = sorted(mail.outbox, key=lambda m: m.to != ["maija@example.org"])
    assert to_submitter.to == ["maija@example.org"]
    assert submission.reference in to_submitter.subject
    assert "Hej" in to_submitter.body or "Tack" in to_submitter.body
    assert f"/sv/forslag/{submission.status_token}/" in to_submitter.body
    assert to_editors.to == ["editors@example.org"]
    assert OutgoingEmail.objects.filter(status="sent").count() == 2


EMAIL_FOLDER = Path(__file__).resolve().parents[2] / "templates" / "submissions" / "email"
EMAIL_TEMPLATES = sorted(
    path.name.removesuffix("_subject.txt") for path in EMAIL_FOLDER.glob("*_subject.txt")
)
MARKUP = 'Tom & "Jerry" <3'


@pytest.mark.parametrize("template", EMAIL_TEMPLATES)
def test_emails_are_plain_text_with_every_text_as_written(template):
    call = CallFactory(title_fi=MARKUP)
    submission = SubmissionFactory(
        call=call,
        title=MARKUP,
        organisation=MARKUP,
        contact_name=MARKUP,
        feedback=MARKUP,
        status="accepted",
    )

    message = email_queue(
        to="maija@example.org",
        template=f"submissions/email/{template}",
        # Every e-mail's context: the invitation to a jury names its person and link.
        context={
            "submission": submission,
            "call": call,
            "user": UserFactory(first_name=MARKUP),
            "link": "/fi/admin/submissions/call/invitation/token/",
            "days": 7,
            "admin_url": "/fi/admin/",
        },
        language="fi",
    )

    for text in (message.subject, message.body):
        assert not re.search(r"&(amp|lt|gt|quot|#x?[0-9a-f]+);", text), text
    assert MARKUP in message.body
    if "call.title" in (EMAIL_FOLDER / f"{template}_subject.txt").read_text():
        assert MARKUP in message.subject


def test_the_request_only_queues_mail_and_the_sender_sends_it(
    client, open_call, form_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post(client, form_data)
    # Nothing waits for the mail server in the visitor's request, not even after the commit.
    assert callbacks == []
    assert mail.outbox == []
    assert OutgoingEmail.objects.filter(status="pending", attempts=0).count() == 2
    call_command("send_queued_email", stdout=io.StringIO())
    assert len(mail.outbox) == 2
    assert OutgoingEmail.objects.filter(status="sent", attempts=1).count() == 2


def test_mail_server_down_keeps_the_submission_and_retries_later(
    client, open_call, form_data, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.outbox.failing_mail.Backend"
    response = post(client, form_data)
    assert response.status_code == 302
    assert Submission.objects.count() == 1
    # The server refuses the connection: the pass stops at the first message, and the
    # next pass tries the other one.
    assert email_send_due() == (0, 1)
    assert email_send_due() == (0, 1)
    pending = OutgoingEmail.objects.filter(status="pending")
    assert pending.count() == 2
    assert all(message.attempts == 1 and "refused" in message.last_error for message in pending)
    assert "not sent" in caplog.text
    # Not retried before its pause is over...
    assert email_send_due() == (0, 0)
    # ... and later, with the mail server back, the retry sends them.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = timezone.now() + datetime.timedelta(hours=1)
    assert email_send_due(now=later) == (2, 0)
    assert len(mail.outbox) == 2
    assert OutgoingEmail.objects.filter(status="sent").count() == 2


REQUIRED = [
    "title",
    "organisation",
    "summary",
    "goal",
    "how_it_works",
    "results",
    "resources",
    "adoption",
    "contact_name",
    "contact_email",
    "criterion_goal-oriented",
    "consent",
]


@pytest.mark.parametrize("field", REQUIRED)
def test_each_required_field_is_reported_beside_it_and_in_the_summary(
    client, open_call, form_data, field
):
    data = {**form_data}
    data.pop(field)
    response = post(client, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert Submission.objects.count() == 0
    assert 'id="error-summary"' in html
    assert f'href="#id_{field}"' in html
    assert f'id="id_{field}_errors"' in html
    assert (
        f'aria-describedby="id_{field}_help id_{field}_errors"' in html
        or f'aria-describedby="id_{field}_errors"' in html
    )


def test_every_typed_value_is_kept_on_error(client, open_call, form_data):
    data = {**form_data, "contact_email": "not-an-address"}
    html = post(client, data).content.decode()
    for field in ["title", "organisation", "contact_name", "contact_phone"]:
        assert f'value="{form_data[field]}"' in html
    for field in ["summary", "goal", "how_it_works", "criterion_high-impact"]:
        assert (
            f">{form_data[field]}</textarea>" in html or f">\n{form_data[field]}</textarea>" in html
        )
    assert 'value="not-an-address"' in html
    assert "checked" in html.split('name="municipalities"')[1][:200]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("contact_email", "maija@", "Enter a valid email address."),
        ("contact_phone", "call me", "Write the phone number with digits"),
        ("links", "example dot org", "is not a web address"),
        ("links", "\n".join(f"https://example.org/{n}" for n in range(11)), "at most 10 links"),
        ("links", "javascript:alert(1)", "is not a web address"),
        ("title", "x" * 201, "Ensure this value has at most 200 characters"),
        ("summary", "x" * 1501, "Ensure this value has at most 1500 characters"),
        ("language", "de", "Select a valid choice"),
        ("themes", "99999999999999999999999", "is not a valid value"),
        ("municipalities", "-1", "is not a valid value"),
        ("remove_attachments", "99999999999999999999999", "is not a valid value"),
    ],
)
def test_invalid_values_get_a_clear_message(client, open_call, form_data, field, value, message):
    html = post(client, {**form_data, field: value}).content.decode()
    assert message in html
    assert Submission.objects.count() == 0


def test_every_error_in_the_summary_links_to_something_on_the_page(client, open_call, form_data):
    html = post(
        client, {**form_data, "contact_email": "x", "remove_attachments": "abc"}
    ).content.decode()

    targets = re.findall(r'<li><a href="#([^"]+)">', html)
    assert len(targets) == 2
    for target in targets:
        assert f'id="{target}"' in html


def test_messages_are_in_the_visitors_language(client, open_call, form_data):
    data = {**form_data}
    data.pop("title")
    html = client.post(
        "/fi/kaytantohaut/mentoring/", data, REMOTE_ADDR="192.0.2.1"
    ).content.decode()
    assert "Tämä kenttä vaaditaan." in html
    assert "Lomakkeessa on 1 ongelma" in html


def test_honeypot_filled_in_is_refused(client, open_call, form_data):
    html = post(client, {**form_data, "website": "http://spam.example"}).content.decode()
    assert "The form could not be sent." in html
    assert Submission.objects.count() == 0


def test_a_form_refused_as_spam_or_over_the_limit_stores_none_of_its_files(
    client, open_call, form_data, settings
):
    post(client, {**form_data, "website": "http://spam.example", "attachments": [pdf_file()]})
    settings.SUBMISSIONS_PER_ADDRESS_PER_HOUR = 0
    html = post(client, {**form_data, "attachments": [pdf_file()]}).content.decode()

    assert "Many submissions have already come from your network address" in html
    assert Attachment.objects.count() == 0


@pytest.mark.parametrize(
    ("refusal", "message"),
    [
        ({"website": "http://spam.example"}, "The form could not be sent."),
        ({"form_token": "just opened"}, "sent very quickly"),
        ({"form_token": "forged"}, "This form is too old to be sent."),
        ({"limit": 0}, "Many submissions have already come from your network address"),
        ({"files": 4}, "You can attach at most 3 files; now there would be 5."),
    ],
    ids=["honeypot", "too-fast", "expired", "hourly-limit", "too-many-files"],
)
def test_a_refused_form_is_refused_before_its_files_are_looked_into(
    client, open_call, form_data, settings, refusal, message
):
    refusal = dict(refusal)
    settings.SUBMISSIONS_PER_ADDRESS_PER_HOUR = refusal.pop("limit", 5)
    if refusal.get("form_token") == "just opened":
        refusal["form_token"] = form_token_new(started=time.time())
    good = [pdf_file(f"{n}.pdf") for n in range(refusal.pop("files", 0))]
    files = [*good, png_file("photo.pdf")]
    html = post(client, {**form_data, **refusal, "attachments": files}).content.decode()
    assert message in html
    assert "photo.pdf is not a real PDF file" not in html
    assert Attachment.objects.count() == 0


def test_files_are_kept_as_long_as_the_form_can_be_sent(client, open_call, form_data):
    opened = timezone.now()
    with time_machine.travel(opened, tick=False):
        data = {**form_data, "form_token": form_token_new(started=time.time() - 60)}
        post(client, {**data, "contact_email": "wrong", "attachments": [pdf_file("kept.pdf")]})
    with time_machine.travel(opened + datetime.timedelta(hours=23), tick=False):
        call_command("remove_expired_contact_details", stdout=io.StringIO())
        assert post(client, data).status_code == 302
    assert Submission.objects.get().attachments.get().original_name == "kept.pdf"


def test_a_form_older_than_its_files_is_too_old_to_send(client, open_call, form_data):
    opened = timezone.now()
    with time_machine.travel(opened, tick=False):
        data = {**form_data, "form_token": form_token_new(started=time.time() - 60)}
    with time_machine.travel(opened + datetime.timedelta(hours=25), tick=False):
        html = post(client, data).content.decode()
    assert "too old to be sent" in html
    assert "if you attached files, attach them again" in html
    assert Submission.objects.count() == 0


def test_form_sent_too_quickly_is_refused_with_the_text_kept(client, open_call, form_data):
    data = {**form_data, "form_token": form_token_new(started=time.time())}
    html = post(client, data).content.decode()
    assert "sent very quickly" in html
    assert 'value="Työelämämentorit"' in html
    assert Submission.objects.count() == 0


@pytest.mark.parametrize("token", ["", "forged", form_token_new()[:-3] + "abc"])
def test_missing_or_forged_form_token_is_refused_and_a_fresh_one_given(
    client, open_call, form_data, token
):
    html = post(client, {**form_data, "form_token": token}).content.decode()
    assert "too old to be sent" in html
    assert Submission.objects.count() == 0
    assert 'name="form_token"' in html


@pytest.mark.parametrize("make", [pdf_file, docx_file, odt_file])
def test_pdf_docx_and_odt_are_accepted(client, open_call, form_data, make):
    assert post(client, {**form_data, "attachments": [make()]}).status_code == 302
    assert Attachment.objects.get().submission is not None


def test_other_file_renamed_to_pdf_is_refused(client, open_call, form_data):
    html = post(client, {**form_data, "attachments": [png_file("photo.pdf")]}).content.decode()
    assert "photo.pdf is not a real PDF file" in html
    assert Submission.objects.count() == 0


def test_zip_renamed_to_docx_is_refused(client, open_call, form_data):
    fake = odt_file("report.docx")
    html = post(client, {**form_data, "attachments": [fake]}).content.decode()
    assert "report.docx is not a real DOCX file" in html


def test_other_types_are_refused_by_name(client, open_call, form_data):
    html = post(client, {**form_data, "attachments": [pdf_file("run.exe")]}).content.decode()
    assert "run.exe: only PDF, DOCX and ODT files can be attached." in html


def test_oversized_file_is_refused(client, open_call, form_data):
    big = pdf_file("big.pdf", size=10 * 1024 * 1024 + 1)
    html = post(client, {**form_data, "attachments": [big]}).content.decode()
    assert "big.pdf is 10.0" in html and "a file can be at most 10.0" in html
    assert Submission.objects.count() == 0


def test_more_than_three_files_are_refused(client, open_call, form_data):
    files = [pdf_file(f"{n}.pdf") for n in range(4)]
    html = post(client, {**form_data, "attachments": files}).content.decode()
    assert "You can attach at most 3 files; now there would be 4." in html
    assert Submission.objects.count() == 0


def test_good_files_are_kept_while_the_visitor_fixes_other_fields(client, open_call, form_data):
    data = {**form_data, "contact_email": "wrong"}
    html = post(client, {**data, "attachments": [pdf_file("kept.pdf")]}).content.decode()
    assert "These files are already attached:" in html
    assert "kept.pdf" in html
    # Sent again without choosing the file again: it is attached.
    assert post(client, form_data).status_code == 302
    assert Submission.objects.get().attachments.get().original_name == "kept.pdf"


def test_a_kept_file_can_be_removed(client, open_call, form_data):
    post(client, {**form_data, "contact_email": "wrong", "attachments": [pdf_file("kept.pdf")]})
    kept = Attachment.objects.get()
    assert post(client, {**form_data, "remove_attachments": [kept.pk]}).status_code == 302
    assert Submission.objects.get().attachments.count() == 0
    assert not Attachment.objects.filter(pk=kept.pk).exists()


def test_kept_files_count_towards_the_limit(client, open_call, form_data):
    post(
        client,
        {
            **form_data,
            "contact_email": "wrong",
            "attachments": [pdf_file(f"{n}.pdf") for n in range(3)],
        },
    )
    html = post(client, {**form_data, "attachments": [pdf_file("fourth.pdf")]}).content.decode()
    assert "now there would be 4" in html


def test_files_of_another_form_cannot_be_claimed(client, open_call, form_data):
    other = Attachment.objects.create(
        form_token="00000000-0000-0000-0000-000000000001",
        file=pdf_file(),
        original_name="x.pdf",
        content_type="application/pdf",
        size=10,
    )
    html = post(client, {**form_data, "remove_attachments": [other.pk]}).content.decode()
    assert "Select a valid choice" in html
    other.refresh_from_db()
    assert other.submission is None


def test_double_submit_creates_one_submission(client, open_call, form_data):
    first = post(client, form_data)
    second = post(client, form_data)
    assert Submission.objects.count() == 1
    assert first["Location"].startswith(second["Location"])


def test_late_submission_is_refused_and_the_text_is_shown_again(client, form_data):
    closes = timezone.now() - datetime.timedelta(minutes=20)
    CallFactory(slug="mentoring", closes_at=closes, grace_minutes=10)
    response = post(client, form_data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The call closed before your submission arrived" in html
    assert 'value="Työelämämentorit"' in html
    assert Submission.objects.count() == 0


def test_submission_within_the_grace_period_is_received(client, form_data):
    CallFactory(
        slug="mentoring", closes_at=timezone.now() - datetime.timedelta(minutes=5), grace_minutes=10
    )
    assert post(client, form_data).status_code == 302
    assert Submission.objects.count() == 1


def test_submission_exactly_at_the_end_of_grace_is_received_and_a_second_later_refused(
    client, form_data
):
    deadline = timezone.now().replace(microsecond=0) + datetime.timedelta(days=1)
    CallFactory(slug="mentoring", closes_at=deadline, grace_minutes=10)
    with time_machine.travel(deadline + datetime.timedelta(minutes=10), tick=False):
        data = {**form_data, "form_token": form_token_new(started=time.time() - 60)}
        assert post(client, data).status_code == 302
    with time_machine.travel(deadline + datetime.timedelta(minutes=10, seconds=1), tick=False):
        data["form_token"] = form_token_new(started=time.time() - 60)
        assert post(client, data).status_code == 200
    assert Submission.objects.count() == 1


def test_a_send_that_waited_too_long_for_another_keeps_the_text(
    client, open_call, form_data, monkeypatch
):
    """On SQLite many sends at the last minute of a call wait for each other; one that
    waits past the timeout gets its text back with a word to send again."""
    from django.db import OperationalError

    from submissions import views

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(views, "submission_receive", locked)
    response = post(client, form_data)

    assert response.status_code == 503
    page = response.content.decode()
    assert "yours could not be saved in time" in page
    assert "Työelämämentorit" in page and "Mentorit tukevat työnhakua." in page
    assert Submission.objects.count() == 0


def test_hourly_limit_per_address(client, open_call, form_data, settings):
    settings.SUBMISSIONS_PER_ADDRESS_PER_HOUR = 2
    for _ in range(2):
        data = {**form_data, "form_token": form_token_new(started=time.time() - 60)}
        assert post(client, data, address="198.51.100.7").status_code == 302
    data = {**form_data, "form_token": form_token_new(started=time.time() - 60)}
    html = post(client, data, address="198.51.100.7").content.decode()
    assert "Many submissions have already come from your network address" in html
    # Another address is not affected.
    data = {**form_data, "form_token": form_token_new(started=time.time() - 60)}
    assert post(client, data, address="198.51.100.8").status_code == 302
    assert Submission.objects.count() == 3


def test_an_ipv6_sender_counts_as_one_whatever_address_of_its_network_it_takes(
    client, open_call, form_data, settings
):
    settings.SUBMISSIONS_PER_ADDRESS_PER_HOUR = 2
    statuses = [
        post(
            client,
            {**form_data, "form_token": form_token_new(started=time.time() - 60)},
            address=f"2001:db8:1:2::{n:x}",
        ).status_code
        for n in range(1, 4)
    ]
    other_network = post(
        client,
        {**form_data, "form_token": form_token_new(started=time.time() - 60)},
        address="2001:db8:1:3::1",
    )
    assert statuses == [302, 302, 200]
    assert other_network.status_code == 302


def test_network_address_is_stored_only_as_a_keyed_hash(client, open_call, form_data):
    post(client, form_data, address="203.0.113.5")
    submission = Submission.objects.get()
    assert "203.0.113.5" not in submission.client_hash
    assert len(submission.client_hash) == 64


def test_status_page_shows_progress_and_the_decision(client):
    submission = SubmissionFactory(
        status="rejected", feedback="Hyvä idea, mutta tuloksia ei vielä ole."
    )
    html = client.get(f"/en/submission/{submission.status_token}/").content.decode()
    assert 'aria-current="step"' in html.split("Decided")[0][-200:]
    assert "Hyvä idea, mutta tuloksia ei vielä ole." in html
    assert 'lang="fi"' in html
    assert "maija@example.org" not in html
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_status_page_with_a_wrong_token_is_not_found(client):
    SubmissionFactory()
    assert client.get("/en/submission/guess/").status_code == 404


def test_control_characters_pasted_into_the_form_are_taken_out(client, open_call, form_data):
    """A word processor's line break (a vertical tab) becomes a line break; an escape
    character and the like go: stored text must never stop a backup."""
    response = post(
        client,
        {
            **form_data,
            "title": "Työelämä\x0bmentorit\x1b",
            "summary": "Ensimmäinen rivi\x0btoinen rivi\x0c\x1b[1mkolmas\x08",
            "criterion_goal-oriented": "Tavoite\x07 on selvä.",
        },
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.title == "Työelämä mentorit"
    assert submission.summary == "Ensimmäinen rivi\ntoinen rivi\n[1mkolmas"
    assert submission.self_assessments.get(criterion__slug="goal-oriented").text == (
        "Tavoite on selvä."
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sends_from_one_sender_at_the_same_moment_cannot_both_pass_the_hourly_limit(
    settings, monkeypatch
):
    """Both sends counted the last hour before either had saved, so a script sending
    in parallel was never limited. Each send now counts once the other has committed:
    the first to count waits here for a second that, with the fix, cannot reach it."""
    import threading

    from django.db import connections

    from submissions import services

    settings.SUBMISSIONS_PER_ADDRESS_PER_HOUR = 1
    call = CallFactory(slug="mentoring")
    both_counted = threading.Barrier(2)
    counted = services.sender_limit_check

    def count_then_wait_for_the_other(**kwargs):
        counted(**kwargs)
        try:
            both_counted.wait(timeout=1)
        except threading.BrokenBarrierError:
            pass  # the other send waits for this one's commit: as it should

    monkeypatch.setattr(services, "sender_limit_check", count_then_wait_for_the_other)
    outcomes = []

    def send(n):
        try:
            services.submission_receive(
                call=call,
                form_token=form_token_read(form_token_new())[0],
                data={
                    "title": f"Lähetys {n}",
                    "organisation": "Yhdistys ry",
                    "contact_name": "Maija",
                    "contact_email": "maija@example.org",
                    "language": "fi",
                    "self_assessments": {},
                    "municipalities": [],
                    "themes": [],
                    "target_groups": [],
                },
                uploads=[],
                kept_attachments=[],
                client_hash="same-sender",
            )
            outcomes.append("saved")
        except services.SubmissionRefused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["refused", "saved"]
    assert Submission.objects.count() == 1


def test_the_site_cannot_be_used_to_mail_a_stranger_text_of_ones_own(
    client, open_call, form_data, settings
):
    """The address is whatever the sender typed: the confirmation carries none of the
    sender's text, and one address gets at most a few a day from any number of senders,
    however they write it. The submissions past that are received all the same, and
    their senders are told that no confirmation was sent."""
    settings.CONFIRMATIONS_PER_ADDRESS_PER_DAY = 2
    lure = "Your account is locked. Unlock it at https://evil.example/login"
    responses = []
    for n, address in enumerate(["victim@example.net", "Victim@Example.NET"] * 2):
        data = {
            **form_data,
            "form_token": form_token_new(started=time.time() - 60),
            "title": lure,
            "contact_name": "Customer, your payment failed: https://evil.example/pay",
            "contact_email": address,
        }
        responses.append(post(client, data, address=f"2001:db8:ee:{n}::1"))
        assert responses[-1].status_code == 302

    to_victim = OutgoingEmail.objects.filter(to__iexact="victim@example.net")
    assert Submission.objects.count() == 4
    assert to_victim.count() == 2
    confirmed, unconfirmed = responses[1], responses[3]
    assert confirmed["Location"].endswith("?new=1")
    assert "We have sent a confirmation" in client.get(confirmed["Location"]).content.decode()
    assert unconfirmed["Location"].endswith("?new=1&confirmation=0")
    page = client.get(unconfirmed["Location"]).content.decode()
    assert "No confirmation was sent to your e-mail address" in page
    assert "We have sent a confirmation" not in page
    for message in to_victim:
        assert "evil.example" not in message.subject + message.body
