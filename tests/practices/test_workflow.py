"""A practice's status changes only through practices/workflow.py: the allowed moves,
with permission, complete pages only, and who did it in the history."""

import pathlib
import re

import pytest

from practices.models import Practice
from practices.services import practice_archive, practice_publish
from practices.workflow import TRANSITIONS, TransitionRefused, transition_apply
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

Status = Practice.Status
ALLOWED = {(t.source, t.target) for t in TRANSITIONS}


@pytest.mark.parametrize("source", Status.values)
@pytest.mark.parametrize("target", Status.values)
def test_every_move_is_allowed_or_refused_as_the_table_says(editor, english, source, target):
    practice = PracticeFactory(draft=True)
    Practice.objects.filter(pk=practice.pk).update(
        status=source, published_at=None if source == Status.DRAFT else practice.created_at
    )
    practice.refresh_from_db()
    if source == target or (source, target) in ALLOWED:
        transition_apply(practice=practice, to=target, by=editor)
        practice.refresh_from_db()
        assert practice.status == target
    else:
        with pytest.raises(TransitionRefused, match="cannot become"):
            transition_apply(practice=practice, to=target, by=editor)
        practice.refresh_from_db()
        assert practice.status == source


def test_a_jury_member_cannot_publish_a_practice(english, juror):
    practice = PracticeFactory(draft=True)
    with pytest.raises(TransitionRefused, match="permission"):
        practice_publish(practice=practice, by=juror)
    practice.refresh_from_db()
    assert practice.status == Status.DRAFT


def test_a_practice_whose_summary_is_in_no_language_is_not_published(editor, english):
    practice = PracticeFactory(draft=True, summary_fi="", summary_sv="", summary_en="")
    with pytest.raises(TransitionRefused, match="missing"):
        practice_publish(practice=practice, by=editor)
    assert Practice.objects.get(pk=practice.pk).status == Status.DRAFT


def test_a_practice_in_swedish_only_is_published(editor):
    practice = PracticeFactory(
        draft=True,
        **{
            f"{field}_{code}": ""
            for field in ("title", "summary", "organisation")
            for code in ("fi", "en")
        },
    )
    practice_publish(practice=practice, by=editor)
    assert Practice.objects.get(pk=practice.pk).status == Status.PUBLISHED


def test_the_history_says_who_published_and_who_archived(editor):
    practice = PracticeFactory(draft=True)
    practice_publish(practice=practice, by=editor)
    practice_archive(practice=practice, by=editor)
    latest = practice.history.order_by("-history_date")[:2]
    assert [(version.status, version.history_user) for version in latest] == [
        (Status.ARCHIVED, editor),
        (Status.PUBLISHED, editor),
    ]


def test_status_is_changed_only_by_the_workflow_module():
    """No other module of practices writes the status field (a guard against a second
    state machine); the demo loaders go through the services too."""
    root = pathlib.Path(__file__).resolve().parents[2] / "practices"
    writes = [r"\.status\s*=(?!=)", r"Practice\.objects[^\n]*update\([^)]*\bstatus\s*="]
    writers = [
        path.name
        for path in root.rglob("*.py")
        if path.name != "workflow.py"
        and "migrations" not in path.parts
        and any(re.search(pattern, path.read_text()) for pattern in writes)
    ]
    assert writers == []


def test_the_admin_form_says_why_a_status_cannot_be_chosen(editor_client):
    practice = PracticeFactory(archived=True, slug="vanha")
    data = {
        "title_fi": practice.title_fi,
        "slug": "vanha",
        "summary_fi": practice.summary_fi,
        "organisation_fi": practice.organisation_fi,
        "status": "draft",
        "assessments-TOTAL_FORMS": 0,
        "assessments-INITIAL_FORMS": 0,
        "links-TOTAL_FORMS": 0,
        "links-INITIAL_FORMS": 0,
    }
    response = editor_client.post(f"/en/admin/practices/practice/{practice.pk}/change/", data)
    assert response.status_code == 200
    assert "cannot become" in response.content.decode()
    assert Practice.objects.get(pk=practice.pk).status == Status.ARCHIVED
