"""Staff actions go to the audit log with the user and the time, without other personal data."""

import logging

import pytest
from django.conf import settings

from submissions.models import Review, review_version
from submissions.services import review_save
from tests.factories import CallFactory, CriterionFactory, SubmissionFactory
from website.audit import audit

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit_log(caplog):
    caplog.set_level(logging.INFO, logger="catalogue.audit")
    return caplog


def lines(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "catalogue.audit"]


def test_staff_log_in_and_failed_log_in_are_logged(client, audit_log, editor):
    client.post("/en/admin/login/", {"username": "editor", "password": "nope"})
    client.post("/en/admin/login/", {"username": "someone@example.org", "password": "x"})
    client.post("/en/admin/login/", {"username": "editor", "password": "a-long-test-password"})
    logged = lines(audit_log)
    assert "login_failed user=editor" in logged
    assert "login_failed user=(not a staff account)" in logged
    assert any(line.startswith("login user=editor") for line in logged)
    assert not any("someone@example.org" in line for line in logged)
    assert not any("192.0.2" in line or "127.0.0.1" in line for line in logged)


def test_refused_permission_is_logged(juror_client, audit_log):
    assert juror_client.get("/en/admin/practices/practice/").status_code == 403
    assert "permission_refused user=juror path=/en/admin/practices/practice/" in lines(audit_log)


def test_score_changes_and_exports_are_logged(editor_client, audit_log, juror):
    criterion = CriterionFactory()
    submission = SubmissionFactory(status="in_review", reference="ABCD-EFGH")
    review_save(
        submission=submission,
        juror=juror,
        conflict_of_interest=False,
        recommendation="recommend",
        comment_for_submitter="",
        confidential_comment="",
        scores={criterion: (2, "", "")},
        version="new",
    )
    review_save(
        submission=submission,
        juror=juror,
        conflict_of_interest=False,
        recommendation="recommend",
        comment_for_submitter="",
        confidential_comment="",
        scores={criterion: (3, "", "")},
        version=review_version(Review.objects.get()),
    )
    call = CallFactory(slug="mentoring")
    editor_client.get(f"/en/admin/submissions/call/{call.pk}/ranking.csv")
    logged = lines(audit_log)
    assert "review_saved user=juror submission=ABCD-EFGH conflict=False scores=2" in logged
    assert "review_changed user=juror submission=ABCD-EFGH conflict=False scores=3" in logged
    assert "export_ranking user=editor call=mentoring format=csv" in logged


def test_log_lines_carry_the_time(audit_log):
    audit("something", user=None)
    (record,) = [record for record in audit_log.records if record.name == "catalogue.audit"]
    # Written as the handler of the root logger formats it.
    (handler,) = settings.LOGGING["root"]["handlers"]
    options = settings.LOGGING["formatters"][settings.LOGGING["handlers"][handler]["formatter"]]
    formatter = logging.Formatter(options["format"], style=options.get("style", "%"))
    line = formatter.format(record)
    assert formatter.formatTime(record) in line
    assert "catalogue.audit: something user=-" in line


def test_a_probe_cannot_write_a_line_of_its_own_into_the_log(juror_client, audit_log):
    """A refused look-up's name comes from the query string: its line break and spaces
    must not forge a log-in line for another user."""
    forged = "x\n2026-12-06 12:00:00 INFO catalogue.audit login user=admin"

    juror_client.get("/en/admin/submissions/submission/", {forged: "1"})

    [line] = [line for line in lines(audit_log) if line.startswith("lookup_refused")]
    assert "\n" not in line and "\r" not in line
    assert r'lookup="x\n2026-12-06 12:00:00 INFO catalogue.audit login user=admin"' in line
    assert not any(line.startswith("login") for line in lines(audit_log))


def test_values_outside_plain_characters_are_quoted_with_controls_escaped(audit_log):
    audit("probe", detail="a\x1b[2J b\u2028c", count=3, path="/fi/haku/")
    assert lines(audit_log) == [r'probe user=- detail="a\u001b[2J b\u2028c" count=3 path=/fi/haku/']
