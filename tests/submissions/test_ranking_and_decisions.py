"""Editors rank a call's submissions by the jury's scores, decide, and publish."""

import pytest
from django.core import mail

from outbox.models import OutgoingEmail
from outbox.services import email_send_due
from practices.models import Criterion, Practice
from submissions.models import Review, ReviewScore, Submission
from submissions.ranking import call_ranking
from tests.factories import CallFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db


def give(submission, juror, scores, conflict=False, comments=None):
    review = Review.objects.create(
        submission=submission,
        juror=juror,
        conflict_of_interest=conflict,
        recommendation="" if conflict else "recommend",
        comment=f"Yleisesti {juror.username}",
    )
    for n, (criterion, score) in enumerate(zip(criteria_of(), scores, strict=False)):
        ReviewScore.objects.create(
            review=review, criterion=criterion, score=score, comment=(comments or {}).get(n, "")
        )
    return review


def criteria_of():
    return list(Criterion.objects.order_by("position"))


@pytest.fixture
def scored(criteria):
    j1, j2, j3 = (UserFactory(username=f"j{n}", groups=["Jury"]) for n in (1, 2, 3))
    call = CallFactory(slug="mentoring", jurors=[j1, j2, j3])
    a = SubmissionFactory(call=call, status="in_review", title="A", reference="AAAA-AAAA")
    b = SubmissionFactory(call=call, status="in_review", title="B", reference="BBBB-BBBB")
    c = SubmissionFactory(call=call, status="received", title="C", reference="CCCC-CCCC")
    give(a, j1, [3, 2, 2, 1, 3, 2], comments={0: "Selkeä tavoite.", 2: "Sopii pieniin kuntiin."})
    give(a, j2, [1, 2, 3, 1, 2, 2], comments={0: "Tavoite jää epäselväksi."})
    give(a, j3, [], conflict=True)
    give(b, j1, [2, 2, 2, 2, 2, 3])
    return {"call": call, "a": a, "b": b, "c": c, "jurors": (j1, j2, j3)}


def test_ranking_figures_match_a_hand_computed_example(scored, criteria):
    _, rows = call_ranking(scored["call"])
    b, a, c = rows
    assert [row.submission.title for row in rows] == ["B", "A", "C"]
    assert a.reviews == 3 and a.conflicts == 1
    assert [a.means[x.pk] for x in criteria] == [2.0, 2.0, 2.5, 1.0, 2.5, 2.0]
    assert a.total == 12.0
    assert a.disagreement == [criteria[0].pk]  # 3 against 1; 2 against 3 is only one point
    assert b.total == 13.0 and b.disagreement == []
    assert c.reviews == 0 and c.total is None


@pytest.mark.parametrize(
    ("sort", "order"),
    [("reference", "ABC"), ("title", "ABC"), ("reviews", "ABC"), ("total", "BAC")],
)
def test_ranking_can_be_sorted(scored, sort, order):
    _, rows = call_ranking(scored["call"], sort=sort)
    assert "".join(row.submission.title for row in rows) == order


def test_editor_sees_the_ranking_page(editor_client, scored):
    html = editor_client.get(
        f"/en/admin/submissions/call/{scored['call'].pk}/ranking/"
    ).content.decode()
    assert "AAAA-AAAA" in html and "12.00" in html and "Jury members disagree" in html


def test_feedback_draft_gathers_comments_without_names(editor_client, scored):
    html = editor_client.get(
        f"/en/admin/submissions/submission/{scored['a'].pk}/decide/"
    ).content.decode()
    assert "Selkeä tavoite." in html and "Tavoite jää epäselväksi." in html
    for juror in scored["jurors"]:
        assert f"Yleisesti {juror.username}" in html  # general comments are kept ...
    feedback = html.split('name="feedback"')[1].split("</textarea>")[0]
    assert "j1" not in feedback.replace("Yleisesti j1", "")  # ... but no juror is named


def test_editor_decides_and_the_submitter_is_told_in_their_language(editor_client, scored):
    submission = scored["a"]
    Submission.objects.filter(pk=submission.pk).update(language="sv")
    response = editor_client.post(
        f"/en/admin/submissions/submission/{submission.pk}/decide/",
        {
            "decision": "accept",
            "reason": "Strong scores",
            "feedback": "Juryn tyckte om modellen.",
        },
    )
    email_send_due()
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "accepted"
    assert submission.feedback == "Juryn tyckte om modellen."
    assert submission.transitions.get().by.username == "editor"
    message = mail.outbox[-1]
    assert message.to == [submission.contact_email]
    assert "Beslut om ditt förslag" in message.subject
    assert "Juryn tyckte om modellen." in message.body
    status_page = editor_client.get(submission.get_status_url()).content.decode()
    assert "Juryn tyckte om modellen." in status_page


def test_decision_needs_a_reason_and_feedback(editor_client, scored):
    response = editor_client.post(
        f"/en/admin/submissions/submission/{scored['a'].pk}/decide/", {"decision": "accept"}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert Submission.objects.get(pk=scored["a"].pk).status == "in_review"


def test_deciding_twice_is_refused_with_a_message_and_the_typed_text_kept(editor_client, scored):
    url = f"/en/admin/submissions/submission/{scored['a'].pk}/decide/"
    data = {"decision": "reject", "reason": "r", "feedback": "f"}
    editor_client.post(url, data)
    typed = {"decision": "accept", "reason": "r", "feedback": "Long feedback typed again"}
    response = editor_client.post(url, typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert "cannot become" in html
    assert "Long feedback typed again" in html
    assert Submission.objects.get(pk=scored["a"].pk).status == "rejected"
    assert OutgoingEmail.objects.count() == 1


def test_publish_as_practice_makes_a_draft_in_the_submissions_language(
    editor_client, scored, criteria
):
    submission = scored["a"]
    Submission.objects.filter(pk=submission.pk).update(status="accepted", language="sv")
    response = editor_client.post(f"/en/admin/submissions/submission/{submission.pk}/publish/")
    practice = Practice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/admin/practices/practice/{practice.pk}/change/"
    assert practice.status == Practice.Status.DRAFT
    assert practice.title_sv == "A" and not practice.title_fi and not practice.title_en
    assert practice.how_it_works_sv == submission.how_it_works
    assessments = {a.criterion.slug: a for a in practice.assessments.all()}
    assert len(assessments) == 6
    assert assessments["goal-oriented"].rating == 2  # mean 2.0
    assert assessments["context-sensitive"].rating == 3  # mean 2.5 rounds up
    assert "Selkeä tavoite." in assessments["goal-oriented"].how_met_sv
    submission.refresh_from_db()
    assert submission.status == "published" and submission.practice == practice
    # The visitor does not see the draft before the editor publishes it.
    assert editor_client.get(practice.get_absolute_url()).status_code == 404


def test_publish_cannot_run_twice(editor_client, scored):
    submission = scored["a"]
    Submission.objects.filter(pk=submission.pk).update(status="accepted")
    url = f"/en/admin/submissions/submission/{submission.pk}/publish/"
    editor_client.post(url)
    response = editor_client.post(url, follow=True)
    assert "cannot become" in response.content.decode()
    assert Practice.objects.count() == 1


def test_publish_page_asks_before_acting(editor_client, scored):
    submission = scored["a"]
    Submission.objects.filter(pk=submission.pk).update(status="accepted")
    response = editor_client.get(f"/en/admin/submissions/submission/{submission.pk}/publish/")
    assert response.status_code == 200
    assert Practice.objects.count() == 0


def test_send_to_jury_action_moves_received_submissions(editor_client, scored):
    c = scored["c"]
    editor_client.post(
        "/en/admin/submissions/submission/", {"action": "send_to_jury", "_selected_action": [c.pk]}
    )
    c.refresh_from_db()
    assert c.status == "in_review"
