"""The state machine of a submission: every transition, allowed and refused."""

import datetime
import itertools
import pathlib
import re

import pytest
import time_machine
from django.utils import timezone

from submissions.models import Submission, SubmissionTransition
from submissions.workflow import TRANSITIONS, TransitionRefused, transition_apply
from tests.factories import PracticeFactory, SubmissionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

Status = Submission.Status
ALLOWED = {
    (Status.RECEIVED, Status.IN_REVIEW),
    (Status.RECEIVED, Status.REJECTED),
    (Status.IN_REVIEW, Status.ACCEPTED),
    (Status.IN_REVIEW, Status.REJECTED),
    (Status.ACCEPTED, Status.PUBLISHED),
}


def test_the_table_is_exactly_the_allowed_transitions():
    assert {(t.source, t.target) for t in TRANSITIONS} == ALLOWED


@pytest.mark.parametrize(
    ("source", "target"), sorted(ALLOWED - {(Status.ACCEPTED, Status.PUBLISHED)})
)
def test_allowed_transition_changes_the_status_and_records_who_and_when(editor, source, target):
    submission = SubmissionFactory(status=source)
    moment = timezone.now() - datetime.timedelta(minutes=5)
    with time_machine.travel(moment, tick=False):
        record = transition_apply(submission=submission, to=target, by=editor, note="why")
    submission.refresh_from_db()
    assert submission.status == target
    assert (record.from_status, record.to_status, record.by, record.note) == (
        source,
        target,
        editor,
        "why",
    )
    assert SubmissionTransition.objects.get(pk=record.pk).at == moment


REFUSED = sorted(set(itertools.permutations(Status.values, 2)) - ALLOWED)


@pytest.mark.parametrize(("source", "target"), REFUSED)
def test_every_other_transition_is_refused_with_a_clear_message(editor, source, target):
    practice = PracticeFactory(draft=True) if source == Status.PUBLISHED else None
    submission = SubmissionFactory(status=source, practice=practice)
    with pytest.raises(TransitionRefused) as refused:
        transition_apply(submission=submission, to=target, by=editor)
    assert "cannot become" in str(refused.value)
    submission.refresh_from_db()
    assert submission.status == source
    assert not SubmissionTransition.objects.exists()


def test_a_jury_member_cannot_move_a_submission(juror):
    submission = SubmissionFactory(status=Status.IN_REVIEW)
    with pytest.raises(TransitionRefused, match="permission"):
        transition_apply(submission=submission, to=Status.ACCEPTED, by=juror)


def test_a_stale_copy_cannot_repeat_a_transition(editor):
    submission = SubmissionFactory(status=Status.IN_REVIEW)
    stale = Submission.objects.get(pk=submission.pk)
    transition_apply(submission=submission, to=Status.ACCEPTED, by=editor)
    with pytest.raises(TransitionRefused):
        transition_apply(submission=stale, to=Status.ACCEPTED, by=editor)
    assert SubmissionTransition.objects.count() == 1


def test_status_is_changed_only_by_the_workflow_module():
    """No other module writes the status field (a guard against a second state machine)."""
    root = pathlib.Path(__file__).resolve().parents[2] / "submissions"
    writes = [r"submission\.status\s*=(?!=)", r"Submission\.objects[^\n]*update\([^)]*\bstatus\s*="]
    writers = [
        path.name
        for path in root.rglob("*.py")
        if path.name != "workflow.py"
        and any(re.search(pattern, path.read_text()) for pattern in writes)
    ]
    assert writers == []
