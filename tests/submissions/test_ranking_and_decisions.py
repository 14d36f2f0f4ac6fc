"""Editors rank a call's submissions by the jury's scores, decide, and publish."""

import pytest
from django.core import mail

from outbox.models import OutgoingEmail
from outbox.services import email_send_due
from practices.models import Criterion, Practice
from practices.services import practice_publish
from practices.workflow import publish_problems
from submissions.models import Review, ReviewScore, SelfAssessment, Submission
from submissions.publication import submission_publish
from submissions.ranking import call_ranking
from tests.factories import (
    CallFactory,
    MunicipalityFactory,
    SubmissionFactory,
    TargetGroupFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def give(submission, juror, scores, conflict=False, comments=None):
    review = Review.objects.create(
        submission=submission,
        juror=juror,
        conflict_of_interest=conflict,
        recommendation="" if conflict else "recommend",
        comment_for_submitter=f"Yleisesti {juror.username}",
        confidential_comment=f"Luottamuksellisesti {juror.username}",
    )
    for n, (criterion, score) in enumerate(zip(criteria_of(), scores, strict=False)):
        ReviewScore.objects.create(
            review=review,
            criterion=criterion,
            score=score,
            comment_for_submitter=(comments or {}).get(n, ""),
            confidential_comment=f"Vain raadille {juror.username} {n}",
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


def test_feedback_draft_has_only_the_texts_for_the_submitter_and_no_names(editor_client, scored):
    html = editor_client.get(
        f"/en/admin/submissions/submission/{scored['a'].pk}/decide/"
    ).content.decode()
    feedback = html.split('name="feedback"')[1].split("</textarea>")[0]
    assert "Selkeä tavoite." in feedback and "Tavoite jää epäselväksi." in feedback
    assert "Yleisesti j1" in feedback and "Yleisesti j2" in feedback
    # Never a confidential text, nor anything of a review that declared a conflict ...
    assert "Luottamuksellisesti" not in feedback and "Vain raadille" not in feedback
    assert "Yleisesti j3" not in feedback
    # ... and no juror is named.
    assert "j1" not in feedback.replace("Yleisesti j1", "")
    assert "j2" not in feedback.replace("Yleisesti j2", "")


def test_feedback_draft_marks_texts_written_in_another_language(editor_client, scored):
    Review.objects.filter(juror__username="j2").update(language="sv")
    html = editor_client.get(
        f"/en/admin/submissions/submission/{scored['a'].pk}/decide/"
    ).content.decode()
    feedback = html.split('name="feedback"')[1].split("</textarea>")[0]
    # The submission's language first; the other marked to be translated.
    assert "[Swedish] Tavoite jää epäselväksi." in feedback
    assert feedback.index("Selkeä tavoite.") < feedback.index("[Swedish]")


def test_feedback_draft_names_the_criteria_in_the_submitters_language(client, scored):
    """A Swedish submission's draft, opened by an editor working in Finnish: the criteria
    it is gathered under are named in Swedish, as the submitter will read them."""
    Submission.objects.filter(pk=scored["a"].pk).update(language="sv")
    client.force_login(UserFactory(username="toimittaja", groups=["Editors"]))
    html = client.get(f"/fi/admin/submissions/submission/{scored['a'].pk}/decide/")
    feedback = html.content.decode().split('name="feedback"')[1].split("</textarea>")[0]
    assert "Målinriktad:" in feedback and "Anpassad till situationen:" in feedback
    assert "Tavoitteellinen" not in feedback and "Tilanteeseen sopiva" not in feedback
    # The editor's note of a text in another language stays in the editor's language.
    assert "[suomi] Selkeä tavoite." in feedback


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
    Submission.objects.filter(pk=submission.pk).update(
        status="accepted",
        language="sv",
        links="https://example.org/guide\nhttps://example.org/video",
        funder="Fonden",
    )
    for criterion in criteria:
        SelfAssessment.objects.create(
            submission=submission, criterion=criterion, text=f"Egen bedömning {criterion.position}"
        )
    theme, group, town = ThemeFactory(), TargetGroupFactory(), MunicipalityFactory()
    submission.themes.add(theme)
    submission.target_groups.add(group)
    submission.municipalities.add(town)
    page = editor_client.get(f"/en/admin/submissions/submission/{submission.pk}/publish/")
    assert "Nothing a jury member wrote is copied" in page.content.decode()
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
    # The criterion's text is the submitter's own; no jury member's words are copied.
    assert assessments["goal-oriented"].how_met_sv == "Egen bedömning 1"
    jury_texts = [
        text
        for review in Review.objects.all()
        for text in [
            review.comment_for_submitter,
            review.confidential_comment,
            *review.scores.values_list("comment_for_submitter", flat=True),
            *review.scores.values_list("confidential_comment", flat=True),
        ]
        if text
    ]
    for assessment in assessments.values():
        for text in jury_texts:
            assert text not in assessment.how_met_sv and text not in assessment.justification
    # Everything the submission has is carried over.
    assert list(practice.themes.all()) == [theme]
    assert list(practice.target_groups.all()) == [group]
    assert list(practice.municipalities.all()) == [town]
    assert [link.url for link in practice.links.all()] == [
        "https://example.org/guide",
        "https://example.org/video",
    ]
    assert practice.funder_sv == "Fonden"
    assert practice.selection_round.name_fi == submission.call.title_fi
    assert practice.selection_round.date.year == submission.call.closes_at.year
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


def test_send_to_jury_from_the_submissions_page_stays_on_it(editor_client, scored):
    c = scored["c"]
    page = editor_client.get(f"/en/admin/submissions/submission/{c.pk}/change/").content.decode()
    url = f"/en/admin/submissions/submission/{c.pk}/send-to-jury/"
    assert f'action="{url}"' in page
    response = editor_client.post(url)
    assert response.status_code == 302
    assert response["Location"] == f"/en/admin/submissions/submission/{c.pk}/change/"
    c.refresh_from_db()
    assert c.status == "in_review"
    again = editor_client.post(url, follow=True).content.decode()
    assert "no longer waiting to be sent" in again


def test_a_juror_cannot_send_to_the_jury(client, scored):
    j1 = scored["jurors"][0]
    client.force_login(j1)
    c = scored["c"]
    assert client.post(f"/en/admin/submissions/submission/{c.pk}/send-to-jury/").status_code == 403
    c.refresh_from_db()
    assert c.status == "received"


def test_jury_pickers_show_names_not_user_names(editor_client, scored):
    juror = scored["jurors"][0]
    juror.first_name, juror.last_name = "Aino", "Virtanen"
    juror.save()
    html = editor_client.get(
        f"/en/admin/submissions/call/{scored['call'].pk}/change/"
    ).content.decode()
    assert "Aino Virtanen &lt;j1@example.org&gt;" in html


def accepted_with_self_assessment(submission, criteria, language):
    Submission.objects.filter(pk=submission.pk).update(
        status="accepted", language=language, links="https://example.org/a"
    )
    for criterion in criteria:
        SelfAssessment.objects.create(submission=submission, criterion=criterion, text="Arvio.")
    submission.refresh_from_db()
    return submission


def test_a_draft_from_a_finnish_submission_publishes_first_time(editor, scored, criteria):
    submission = accepted_with_self_assessment(scored["a"], criteria, "fi")
    practice = submission_publish(submission=submission, by=editor)
    assert publish_problems(practice) == []
    practice_publish(practice=practice, by=editor)
    assert Practice.objects.get().status == Practice.Status.PUBLISHED


def test_the_editor_is_told_exactly_what_is_missing_in_which_language(
    editor_client, scored, criteria
):
    submission = accepted_with_self_assessment(scored["a"], criteria, "sv")
    response = editor_client.post(
        f"/en/admin/submissions/submission/{submission.pk}/publish/", follow=True
    )
    html = response.content.decode()
    assert "needed before publishing" not in html
    assert (
        "Not yet translated into Finnish: title; summary; goal and the need it answers; "
        "how it works;" in html
    )
    assert "Goal-oriented: how the practice meets the criterion" in html
    assert "Not yet translated into English: title; summary; goal and the need" in html
    assert "Not yet translated into Swedish" not in html
