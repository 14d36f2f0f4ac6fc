"""Files of a form with errors wait for the form to be sent, within limits per sender
and in all, and go on schedule: forms never sent cannot fill the disk."""

import datetime
import io
import time

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import timezone

from submissions.models import Attachment, Submission
from tests.factories import SubmissionFactory
from tests.files import pdf_file
from website.spam import form_token_new

pytestmark = pytest.mark.django_db

URL = "/en/calls/mentoring/"
VISITOR = "192.0.2.10"
NOT_KEPT = "Your files could not be kept while you correct the form."


def with_error(client, form_data, address=VISITOR, files=1, size=1000):
    """A new form, with a mistake, sent with `files` good PDF files of `size` bytes."""
    data = {
        **form_data,
        "form_token": form_token_new(started=time.time() - 60),
        "contact_email": "wrong",
        "attachments": [pdf_file(f"{n}.pdf", size=size) for n in range(files)],
    }
    return client.post(URL, data, REMOTE_ADDR=address).content.decode()


@pytest.mark.parametrize(
    ("setting", "value", "second_sender", "kept"),
    [
        ("PENDING_FILES_PER_ADDRESS", 1, VISITOR, False),
        ("PENDING_FILES_PER_ADDRESS", 1, "198.51.100.2", True),
        ("PENDING_BYTES_PER_ADDRESS", 1500, VISITOR, False),
        ("PENDING_BYTES_PER_ADDRESS", 1500, "198.51.100.2", True),
        ("PENDING_FILES_TOTAL", 1, "198.51.100.2", False),
        ("PENDING_BYTES_TOTAL", 1500, "198.51.100.2", False),
    ],
)
def test_waiting_files_are_bounded_per_sender_and_in_all(
    client, open_call, form_data, settings, setting, value, second_sender, kept
):
    setattr(settings, setting, value)
    with_error(client, form_data)
    assert Attachment.objects.pending().count() == 1

    html = with_error(client, form_data, address=second_sender)

    assert Attachment.objects.pending().count() == (2 if kept else 1)
    assert (NOT_KEPT in html) is not kept


def test_past_the_limit_the_text_is_kept_and_the_form_can_be_sent_with_its_files(
    client, open_call, form_data, settings
):
    settings.PENDING_FILES_PER_ADDRESS = 3
    with_error(client, form_data, files=3)
    data = {**form_data, "form_token": form_token_new(started=time.time() - 60)}

    html = client.post(
        URL,
        {**data, "contact_email": "wrong", "attachments": [pdf_file("late.pdf")]},
        REMOTE_ADDR=VISITOR,
    ).content.decode()
    sent = client.post(URL, {**data, "attachments": [pdf_file("late.pdf")]}, REMOTE_ADDR=VISITOR)

    assert "Your files could not be kept while you correct the form. " in html
    assert "Attach them again when you send it." in html
    assert 'value="Työelämämentorit"' in html
    assert sent.status_code == 302
    assert Submission.objects.get().attachments.get().original_name == "late.pdf"


def test_the_limit_is_told_in_the_visitors_language(client, open_call, form_data, settings):
    settings.PENDING_FILES_TOTAL = 0
    data = {**form_data, "contact_email": "wrong", "attachments": [pdf_file()]}
    html = client.post("/fi/kaytantohaut/mentoring/", data, REMOTE_ADDR=VISITOR).content.decode()
    assert "Liitetiedostojasi ei voitu säilyttää" in html


def test_a_sent_file_keeps_no_trace_of_the_senders_address(client, open_call, form_data):
    with_error(client, form_data)
    waiting = Attachment.objects.get()
    assert len(waiting.client_hash) == 64
    token = form_token_new(started=time.time() - 60, token_id=waiting.form_token)
    assert client.post(URL, {**form_data, "form_token": token}).status_code == 302
    assert Attachment.objects.get().submission is not None
    assert Attachment.objects.get().client_hash == ""


def test_database_refuses_a_sender_hash_on_a_sent_file():
    with pytest.raises(IntegrityError):
        Attachment.objects.create(
            submission=SubmissionFactory(),
            form_token="00000000-0000-0000-0000-000000000001",
            file=pdf_file(),
            original_name="x.pdf",
            content_type="application/pdf",
            size=10,
            client_hash="a" * 64,
        )


def test_files_of_forms_never_sent_go_within_the_hour_after_the_form_expires(
    client, open_call, form_data
):
    uploaded = timezone.now()
    with time_machine.travel(uploaded, tick=False):
        with_error(client, form_data)
    with time_machine.travel(uploaded + datetime.timedelta(hours=23, minutes=59), tick=False):
        call_command("remove_unsent_files", stdout=io.StringIO())
        assert Attachment.objects.count() == 1
    with time_machine.travel(uploaded + datetime.timedelta(hours=24, minutes=1), tick=False):
        out = io.StringIO()
        call_command("remove_unsent_files", stdout=out)
    assert Attachment.objects.count() == 0
    assert "Removed: 1 files of forms never sent." in out.getvalue()
