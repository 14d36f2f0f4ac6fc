"""The outbox: queued e-mail is sent by one sender, retried, and given up in the end.

How a coordinator's submission queues its mail, and what a hanging mail server does to
it, is told in tests/submissions/test_submission_form.py and test_mail_failures.py.
"""

import datetime

import pytest
from django.utils import timezone

from outbox.models import OutgoingEmail, reference_to
from outbox.services import MAX_ATTEMPTS, email_claim, email_queue, email_send
from tests.factories import RegionFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_mail_that_keeps_failing_is_given_up_after_the_last_attempt(settings):
    settings.EMAIL_BACKEND = "tests.outbox.failing_mail.Backend"
    message = OutgoingEmail.objects.create(to="a@example.org", subject="s", body="b")
    for attempt in range(MAX_ATTEMPTS):
        later = timezone.now() + datetime.timedelta(days=attempt)
        assert email_send(message_id=message.pk, now=later) is False
    message.refresh_from_db()
    assert message.status == OutgoingEmail.Status.FAILED
    assert message.attempts == MAX_ATTEMPTS


def test_a_message_is_sent_by_one_sender_when_two_claim_it_at_once():
    message = OutgoingEmail.objects.create(to="a@example.org", subject="s", body="b")
    now = timezone.now()
    first = email_claim(message_id=message.pk, now=now)
    second = email_claim(message_id=message.pk, now=now)
    assert first is not None and second is None
    assert first.attempts == 1


def test_the_messages_about_one_record_are_found_by_its_reference():
    """The outbox knows no app: a message carries the label and key of the record it is
    about, so two records of different kinds with the same key are told apart."""
    theme, region = ThemeFactory(id=500), RegionFactory(id=500)
    about_theme = email_queue(
        to="a@example.org",
        template="practices/email/contact_copy",
        context={},
        language="fi",
        reference=reference_to(theme),
    )
    OutgoingEmail.objects.create(
        to="a@example.org", subject="s", body="b", reference=reference_to(region)
    )
    OutgoingEmail.objects.create(to="a@example.org", subject="s", body="b")

    assert about_theme.reference == "practices.theme:500"
    assert list(OutgoingEmail.objects.about(theme)) == [about_theme]
