"""A mail server that hangs, or a database that is locked after the commit, never
costs a coordinator their submission or shows them an error page."""

import io
import socket
import threading
import time

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection

from outbox.models import OutgoingEmail
from submissions.models import Submission

URL = "/en/calls/mentoring/"


@pytest.fixture
def hanging_mail_server(settings):
    """An SMTP port that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted = []
    stop = threading.Event()

    def serve():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = listener.getsockname()
    settings.EMAIL_TIMEOUT = 1
    yield accepted
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    listener.close()


@pytest.mark.django_db(transaction=True)
def test_a_hanging_mail_server_is_never_waited_for_in_the_visitors_request(
    client, open_call, form_data, hanging_mail_server
):
    response = client.post(URL, form_data, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302
    assert Submission.objects.count() == 1
    assert hanging_mail_server == []  # the request did not even connect
    assert OutgoingEmail.objects.filter(status="pending").count() == 2

    # The sender meets the hanging server, gives up after EMAIL_TIMEOUT, and retries later;
    # the next message waits for the next pass instead of another EMAIL_TIMEOUT (a queue
    # of N messages held each pass N times as long).
    started = time.monotonic()
    out = io.StringIO()
    call_command("send_queued_email", stdout=out)
    assert time.monotonic() - started < 5
    assert "Sent 0, not sent 1." in out.getvalue()
    assert len(hanging_mail_server) == 1
    pending = OutgoingEmail.objects.filter(status="pending").order_by("pk")
    assert [message.attempts for message in pending] == [1, 0]
    assert "timed out" in pending[0].last_error


@pytest.mark.django_db(transaction=True)
def test_a_database_locked_after_the_commit_does_not_turn_a_saved_submission_into_an_error(
    client, open_call, form_data
):
    """On SQLite, ten simultaneous submissions once gave one visitor a 500 although
    their submission was saved: work after the commit met "database is locked".
    Here every query after the submission's commit fails so; the visitor still
    gets the page that says it was received."""
    saved = []

    def locked_after_commit(execute, sql, params, many, context):
        if sql.startswith("INSERT INTO") and '"submissions_submission"' in sql:
            saved.append(True)
        elif saved and not connection.in_atomic_block:
            raise OperationalError("database is locked")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(locked_after_commit):
        response = client.post(URL, form_data, REMOTE_ADDR="192.0.2.10")
    assert saved
    assert response.status_code == 302
    assert "/submission/" in response["Location"]
    assert Submission.objects.get().title == form_data["title"]
    assert OutgoingEmail.objects.count() == 2
