"""Every text a review holds, and who reads it where.

A review has texts *for the submitter* (they may reach the submitter, anonymised,
through the feedback the editors send) and *confidential* ones (for the editors and the
jury only); a declared conflict of interest may carry a confidential note; the editors
write an internal reason for their decision. This matrix walks each text past every
reader: the public practice page, the submitter's status page and e-mail, the admin
pages of an editor, a jury member who has reviewed, one with a conflict of interest,
one who has not reviewed yet and an editor sitting on the jury who has not reviewed
yet, the history pages, the look-ups and the exports.
"""

import pytest
from django.core import mail

from outbox.services import email_send_due
from practices.models import Practice
from submissions.models import Attachment, Review, ReviewScore, SelfAssessment
from submissions.publication import submission_publish
from submissions.services import jury_feedback_draft, submission_decide
from tests.factories import CallFactory, SubmissionFactory, UserFactory
from tests.files import pdf_file

pytestmark = pytest.mark.django_db

FOR_SUBMITTER = "ForSubmitterOverall"
FOR_SUBMITTER_ON_CRITERION = "ForSubmitterOnCriterion"
CONFIDENTIAL = "ConfidentialOverall"
CONFIDENTIAL_ON_CRITERION = "ConfidentialOnCriterion"
CONFLICT_NOTE = "ConflictNoteText"
DECISION_REASON = "DecisionReasonText"
SUMMARY = "SummaryOfThePractice"

JURY_TEXTS = {
    FOR_SUBMITTER,
    FOR_SUBMITTER_ON_CRITERION,
    CONFIDENTIAL,
    CONFIDENTIAL_ON_CRITERION,
    CONFLICT_NOTE,
}
EVERY_TEXT = JURY_TEXTS | {DECISION_REASON}


@pytest.fixture
def world(criteria, editor):
    jurors = {
        name: UserFactory(username=name, first_name=f"Name{name.title()}", groups=["Jury"])
        for name in ("reviewer", "colleague", "conflicted", "late")
    }
    # An editor assigned to the jury too: independent scoring holds for them as well.
    jury_editor = UserFactory(username="jury-editor", groups=["Editors", "Jury"])
    call = CallFactory(jurors=[*jurors.values(), jury_editor])
    submission = SubmissionFactory(call=call, status="in_review", summary=SUMMARY)
    for criterion in criteria:
        SelfAssessment.objects.create(submission=submission, criterion=criterion, text="Oma arvio.")
    Attachment.objects.create(
        submission=submission,
        form_token=submission.form_token,
        file=pdf_file(),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=100,
    )

    def scored(juror, suffix=""):
        review = Review.objects.create(
            submission=submission,
            juror=juror,
            recommendation="recommend",
            comment_for_submitter=FOR_SUBMITTER + suffix,
            confidential_comment=CONFIDENTIAL + suffix,
        )
        for criterion in criteria:
            ReviewScore.objects.create(
                review=review,
                criterion=criterion,
                score=2,
                comment_for_submitter=FOR_SUBMITTER_ON_CRITERION + suffix,
                confidential_comment=CONFIDENTIAL_ON_CRITERION + suffix,
            )
        return review

    colleague_review = scored(jurors["colleague"])
    scored(jurors["reviewer"], suffix="Own")
    conflict = Review.objects.create(
        submission=submission,
        juror=jurors["conflicted"],
        conflict_of_interest=True,
        confidential_comment=CONFLICT_NOTE,
    )
    return {
        **jurors,
        "editor": editor,
        "jury_editor": jury_editor,
        "call": call,
        "submission": submission,
        "colleague_review": colleague_review,
        "conflict": conflict,
    }


def decide(world):
    submission = world["submission"]
    submission_decide(
        submission=submission,
        accepted=True,
        reason=DECISION_REASON,
        feedback=jury_feedback_draft(submission),
        by=world["editor"],
    )
    submission.refresh_from_db()
    return submission


def shown(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    return response.content.decode() if response.status_code == 200 else ""


def admin_url(world, page):
    submission, review = world["submission"], world["colleague_review"]
    return {
        "submission": f"/en/admin/submissions/submission/{submission.pk}/change/",
        "submission history": f"/en/admin/submissions/submission/{submission.pk}/history/",
        "submission list": "/en/admin/submissions/submission/",
        "review": f"/en/admin/submissions/review/{review.pk}/change/",
        "review history": f"/en/admin/submissions/review/{review.pk}/history/",
        "review list": "/en/admin/submissions/review/",
    }[page]


# Who sees which text in the admin, before the decision: the others' texts only after
# one's own review, never with a conflict of interest, whatever one's role.
BEFORE_DECISION = {
    "editor": JURY_TEXTS,
    "reviewer": JURY_TEXTS,
    "conflicted": {CONFLICT_NOTE},  # their own note, nothing of anyone else
    "late": set(),
    "jury_editor": set(),
}


@pytest.mark.parametrize("role", BEFORE_DECISION)
@pytest.mark.parametrize(
    "page", ["submission", "review", "review history", "review list", "submission history"]
)
def test_who_reads_which_review_text_in_the_admin_before_the_decision(client, world, role, page):
    html = shown(client, world[role], admin_url(world, page))
    for text in JURY_TEXTS:
        expected = text in BEFORE_DECISION[role]
        # A page may show fewer texts than the role may read (a list shows none), never more.
        if not expected:
            assert text not in html, f"{role} reads {text} on {page}"


def test_each_reader_sees_all_their_texts_on_the_submissions_page(client, world):
    for role, texts in BEFORE_DECISION.items():
        html = shown(client, world[role], admin_url(world, "submission"))
        for text in texts:
            assert text in html, f"{role} misses {text}"


# After the decision: the decision's reason and the feedback (drawn from the jury's
# texts) are the editors'; a jury member reads neither, wherever they look.
@pytest.mark.parametrize("role", ["reviewer", "conflicted", "late"])
@pytest.mark.parametrize(
    "page", ["submission", "submission history", "submission list", "review", "review list"]
)
def test_no_jury_member_reads_the_decisions_reason_or_the_feedback(client, world, role, page):
    decide(world)
    html = shown(client, world[role], admin_url(world, page))
    assert DECISION_REASON not in html
    if role != "reviewer":
        assert FOR_SUBMITTER not in html and FOR_SUBMITTER_ON_CRITERION not in html


def test_the_editor_reads_the_reason_and_the_feedback(client, world):
    decide(world)
    html = shown(client, world["editor"], admin_url(world, "submission"))
    assert DECISION_REASON in html and FOR_SUBMITTER in html


def test_the_submitter_reads_only_the_texts_for_them_on_the_status_page_and_in_the_email(
    client, world
):
    submission = decide(world)
    email_send_due()
    (message,) = [m for m in mail.outbox if submission.contact_email in m.to]
    status_page = client.get(submission.get_status_url()).content.decode()
    for where in (message.body, status_page):
        assert FOR_SUBMITTER in where and FOR_SUBMITTER_ON_CRITERION in where
        for text in EVERY_TEXT - {FOR_SUBMITTER, FOR_SUBMITTER_ON_CRITERION}:
            assert text not in where
        for juror in ("reviewer", "colleague", "conflicted", "late"):
            assert world[juror].first_name not in where and world[juror].username not in where


def test_the_public_practice_page_shows_no_text_of_the_jury(client, world):
    submission = decide(world)
    practice = submission_publish(submission=submission, by=world["editor"])
    Practice.objects.filter(pk=practice.pk).update(
        status=Practice.Status.PUBLISHED, published_at=practice.created_at
    )
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "Oma arvio." in html  # the submitter's own self-assessment
    for text in EVERY_TEXT:
        assert text not in html


def test_a_juror_with_a_conflict_sees_only_the_title_of_the_submission(client, world):
    submission = world["submission"]
    client.force_login(world["conflicted"])
    html = client.get(admin_url(world, "submission")).content.decode()
    assert submission.title in html
    assert SUMMARY not in html and "Oma arvio." not in html and "plan.pdf" not in html
    attachment = submission.attachments.get()
    url = f"/en/admin/submissions/submission/{submission.pk}/attachments/{attachment.pk}/"
    assert client.get(url).status_code == 404
    review_page = client.get(f"/en/admin/submissions/review/{world['conflict'].pk}/change/")
    assert SUMMARY not in review_page.content.decode()
    assert "declared a conflict of interest with this submission" in review_page.content.decode()
    assert client.get(admin_url(world, "submission history")).status_code == 403


def test_jury_members_read_no_history_of_a_submission(client, world):
    for role in ("reviewer", "late", "conflicted"):
        client.force_login(world[role])
        assert client.get(admin_url(world, "submission history")).status_code == 403
    client.force_login(world["editor"])
    assert client.get(admin_url(world, "submission history")).status_code == 200


def test_the_editor_on_the_jury_sees_no_ranking_until_they_have_reviewed(client, world):
    url = f"/en/admin/submissions/call/{world['call'].pk}/ranking/"
    client.force_login(world["jury_editor"])
    response = client.get(url)
    assert response.status_code == 403
    assert client.get(url.replace("ranking/", "ranking.csv")).status_code == 403
    client.force_login(world["editor"])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "reviews__confidential_comment__contains=Conf",
        "reviews__comment_for_submitter__startswith=For",
        "decision_reason__contains=D",
        "feedback__contains=F",
    ],
)
def test_a_juror_cannot_guess_hidden_texts_through_lookups(client, world, query):
    client.force_login(world["late"])
    response = client.get(f"/en/admin/submissions/submission/?{query}")
    assert response.status_code == 400
    response = client.get(f"/en/admin/submissions/review/?submission__{query}")
    assert response.status_code == 400


def test_a_juror_searching_the_reviews_finds_no_colleagues_review(client, world):
    client.force_login(world["late"])
    for term in (CONFIDENTIAL, world["submission"].reference, world["submission"].title):
        html = client.get("/en/admin/submissions/review/", {"q": term}).content.decode()
        assert "NameColleague" not in html and ">colleague<" not in html
        assert "0 reviews" in html


def test_autocomplete_gives_a_juror_titles_only(client, world):
    client.force_login(world["conflicted"])
    response = client.get(
        "/en/admin/autocomplete/",
        {
            "app_label": "submissions",
            "model_name": "review",
            "field_name": "submission",
            "term": world["submission"].reference[:4],
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and world["submission"].reference in body
    assert SUMMARY not in body and CONFIDENTIAL not in body and CONFLICT_NOTE not in body


def test_a_juror_declares_conflicts_before_opening_the_submissions(client, world):
    other = SubmissionFactory(call=world["call"], status="in_review", summary="Muu tiivistelmä")
    late = world["late"]
    client.force_login(late)
    response = client.post(
        "/en/admin/submissions/submission/",
        {"action": "declare_conflict", "_selected_action": [other.pk]},
        follow=True,
    )
    assert "A conflict of interest is declared with 1 submission" in response.content.decode()
    assert other.has_conflict_of(late)
    assert other.content_hidden_from(late)
    html = client.get(f"/en/admin/submissions/submission/{other.pk}/change/").content.decode()
    assert "Muu tiivistelmä" not in html and other.title in html


def test_an_editor_cannot_declare_a_conflict_for_the_jury(client, world):
    other = SubmissionFactory(call=world["call"], status="in_review")
    client.force_login(world["editor"])
    client.post(
        "/en/admin/submissions/submission/",
        {"action": "declare_conflict", "_selected_action": [other.pk]},
    )
    assert not Review.objects.filter(submission=other).exists()


def test_admin_refusals_are_the_admins_own_pages_saying_where_to_go(client, world):
    client.force_login(world["late"])
    missing = client.get("/fi/admin/submissions/submission/999999/change/")
    assert missing.status_code == 404
    html = missing.content.decode()
    assert 'id="content-main"' in html  # the admin's frame, not the public site's
    assert "/fi/admin/submissions/submission/" in html
    assert 'lang="fi"' in html
    client.force_login(world["jury_editor"])
    refused = client.get(f"/en/admin/submissions/call/{world['call'].pk}/ranking/")
    assert refused.status_code == 403
    html = refused.content.decode()
    assert "You may not open this page" in html
    assert "You sit on this call" in html  # what happened
    assert "/en/admin/" in html  # where to go


def test_the_public_site_keeps_its_own_not_found_page(client, world):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert 'id="content-main"' not in response.content.decode()


def test_the_submission_list_shows_a_conflicted_juror_the_title_only(client, world):
    submission = world["submission"]
    submission.organisation = "OrganisationName"
    submission.save()
    client.force_login(world["conflicted"])
    html = client.get(admin_url(world, "submission list")).content.decode()
    assert submission.title in html and "OrganisationName" not in html
    client.force_login(world["reviewer"])
    assert "OrganisationName" in client.get(admin_url(world, "submission list")).content.decode()


def test_a_juror_opening_a_decided_submissions_review_form_is_told_why_there_is_none(client, world):
    decide(world)
    client.force_login(world["late"])
    url = f"/en/admin/submissions/review/add/?submission={world['submission'].pk}"
    html = client.get(url).content.decode()
    assert "The editors have decided on it in the meantime" in html
    assert "<textarea" not in html


def test_an_editor_on_the_jury_decides_only_after_their_own_review(client, world):
    url = f"/en/admin/submissions/submission/{world['submission'].pk}/decide/"
    client.force_login(world["jury_editor"])
    response = client.get(url)
    assert response.status_code == 403
    assert FOR_SUBMITTER not in response.content.decode()
    assert "give your review first" in response.content.decode()
    Review.objects.create(
        submission=world["submission"],
        juror=world["jury_editor"],
        conflict_of_interest=True,
    )
    response = client.get(url)
    assert response.status_code == 403
    assert "another editor decides on it" in response.content.decode()
    client.force_login(world["editor"])
    assert FOR_SUBMITTER in client.get(url).content.decode()
