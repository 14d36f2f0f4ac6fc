"""A request body is never larger than the submission form needs: what is larger gets a
polite 413 page, before the body is read, and the largest real form still fits."""

import io

import pytest
from django.test import Client

from submissions.models import Attachment, Submission
from submissions.uploads import MAX_ATTACHMENT_BYTES, max_request_bytes
from tests.files import pdf_file

pytestmark = pytest.mark.django_db

URL_FI = "/fi/kaytantohaut/mentoring/"
TOO_LARGE_FI = "Lähettämäsi tiedot ovat liian suuret"


class CountingInput(io.RawIOBase):
    """A request body of `size` bytes that counts how much of it is read."""

    def __init__(self, size: int):
        self.size = size
        self.read_bytes = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        count = min(len(buffer), self.size - self.read_bytes)
        buffer[:count] = bytes(count)
        self.read_bytes += count
        return count


def test_a_body_over_the_limit_gets_a_polite_413_in_the_visitors_language(open_call, form_data):
    files = [pdf_file(f"{n}.pdf", size=MAX_ATTACHMENT_BYTES) for n in range(4)]
    # As in a browser: the form's page sets the CSRF cookie, and the CSRF check is the
    # first to read the body.
    client = Client(enforce_csrf_checks=True)
    client.get(URL_FI)

    response = client.post(URL_FI, {**form_data, "attachments": files}, REMOTE_ADDR="192.0.2.1")

    assert response.status_code == 413
    html = response.content.decode()
    assert TOO_LARGE_FI in html
    assert "Mitään ei tallennettu" in html
    assert '<html lang="fi">' in html
    assert not Attachment.objects.exists()


def test_a_body_that_declares_more_than_the_limit_is_refused_before_it_is_read(
    client, open_call, form_data
):
    body = CountingInput(max_request_bytes() + 1)
    response = client.post(
        URL_FI,
        form_data,
        CONTENT_LENGTH=str(body.size),
        **{"wsgi.input": body},
    )
    assert response.status_code == 413
    assert TOO_LARGE_FI in response.content.decode()
    assert body.read_bytes == 0


def test_a_body_without_content_length_is_not_read_at_all(client, open_call):
    body = CountingInput(40 * 1024 * 1024)
    response = client.request(
        REQUEST_METHOD="POST",
        PATH_INFO=URL_FI,
        CONTENT_TYPE="multipart/form-data; boundary=x",
        HTTP_TRANSFER_ENCODING="chunked",
        REMOTE_ADDR="192.0.2.1",
        **{"wsgi.input": body},
    )
    assert response.status_code == 200  # the form again: nothing of it arrived
    assert body.read_bytes == 0
    assert not Attachment.objects.exists()


def test_form_fields_over_their_limit_get_the_same_page(client, open_call, form_data, settings):
    data = {**form_data, "summary": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    response = client.post(URL_FI, data, REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 413
    assert TOO_LARGE_FI in response.content.decode()
    assert not Submission.objects.exists()


def test_the_largest_form_the_site_accepts_fits_under_the_limit(client, open_call, form_data):
    files = [pdf_file(f"{n}.pdf", size=MAX_ATTACHMENT_BYTES) for n in range(3)]
    long_answers = {
        "how_it_works": "ä" * 10000,
        **{name: "ö" * 5000 for name in ("goal", "results", "resources", "adoption")},
    }
    data = {**form_data, **long_answers, "attachments": files}
    response = client.post(URL_FI, data, REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 302
    assert Submission.objects.get().attachments.count() == 3
