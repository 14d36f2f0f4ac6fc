"""Editors follow a call's jury: the ranking, how well the jury agree, who is late, a
reminder, and the figures as files for a spreadsheet."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from outbox.models import OutgoingEmail
from submissions.agreement import call_agreement, ordinal_alpha
from submissions.exports import reviews_table
from submissions.models import Review, ReviewScore, Submission
from submissions.progress import Answer, call_progress
from submissions.ranking import call_ranking
from tests.factories import CallFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db


def give(submission, juror, scores, criteria, conflict=False, recommendation="recommend"):
    review = Review.objects.create(
        submission=submission,
        juror=juror,
        conflict_of_interest=conflict,
        recommendation="" if conflict else recommendation,
        confidential_comment=f"Kokonaisuutena {juror.username}",
    )
    for criterion, score in zip(criteria, scores, strict=False):
        ReviewScore.objects.create(
            review=review,
            criterion=criterion,
            score=score,
            confidential_comment=f"Perustelu {score}",
        )
    return review


@pytest.fixture
def jury(criteria):
    """Three jury members, one late; three submissions sent to them, one received."""
    anna, bengt, cecilia = (
        UserFactory(username=u, first_name=f, last_name="Testi", groups=["Jury"])
        for u, f in (("anna", "Anna"), ("bengt", "Bengt"), ("cecilia", "Cecilia"))
    )
    call = CallFactory(
        slug="mentoring",
        jurors=[anna, bengt, cecilia],
        reviews_due=timezone.localdate() - datetime.timedelta(days=1),
    )
    a = SubmissionFactory(call=call, status="in_review", title="A", reference="AAAA-AAAA")
    b = SubmissionFactory(call=call, status="in_review", title="B", reference="BBBB-BBBB")
    c = SubmissionFactory(call=call, status="in_review", title="C", reference="CCCC-CCCC")
    SubmissionFactory(call=call, status="received", title="D", reference="DDDD-DDDD")
    # Criterion 1: A 3/3, B 2/1, C 0/0 - the example of the agreement test below.
    give(a, anna, [3, 2, 2, 1, 3, 2], criteria)
    give(a, bengt, [3, 0, 3, 1, 2, 2], criteria, recommendation="with_changes")
    give(a, cecilia, [], criteria, conflict=True)
    give(b, anna, [2, 2, 2, 2, 2, 3], criteria)
    give(b, bengt, [1, 2, 2, 2, 2, 3], criteria, recommendation="do_not_recommend")
    give(c, anna, [0, 1, 1, 1, 1, 1], criteria)
    give(c, bengt, [0, 1, 1, 1, 1, 1], criteria)
    return {"call": call, "a": a, "b": b, "c": c, "people": (anna, bengt, cecilia)}


def test_ranking_counts_jurors_summarises_scores_and_marks_the_incomplete(jury, criteria, english):
    _, rows = call_ranking(jury["call"])
    by_title = {row.submission.title: row for row in rows}
    a, b, c, d = (by_title[t] for t in "ABCD")
    assert (a.scored, len(a.assigned), a.conflicts, a.incomplete) == (2, 3, 1, False)
    assert (b.scored, len(b.assigned), b.pending, b.incomplete) == (2, 3, 1, True)
    assert d.scored == 0 and d.incomplete
    assert [f.mean for f in a.figures] == [3.0, 1.0, 2.5, 1.0, 2.5, 2.0]
    assert [(f.low, f.high, f.spread) for f in a.figures][:2] == [(3, 3, 0), (0, 2, 2)]
    assert [f.disagree for f in a.figures] == [False, True, False, False, False, False]
    assert a.recommendation_summary() == [
        ("Recommend publishing", 1),
        ("Recommend publishing after changes", 1),
    ]
    assert b.total == 12.5 and a.total == 12.0 and c.total == 5.0
    assert [row.submission.title for row in rows] == ["B", "A", "C", "D"]


def test_alpha_matches_a_hand_computed_example():
    """Two jury members, three submissions, one criterion: (3, 3), (2, 1), (0, 0).

    Krippendorff's alpha = 1 - (n - 1) * sum(o_ck * d_ck) / sum(n_c * n_k * d_ck), with
    n = 6 pairable values: n_0 = 2, n_1 = 1, n_2 = 1, n_3 = 2.
    The ordinal distance d_ck = (n_c/2 + n_(c+1) + ... + n_(k-1) + n_k/2)^2:
    d01 = (1 + 0.5)^2 = 2.25, d02 = (1 + 1 + 0.5)^2 = 6.25, d03 = (1 + 1 + 1 + 1)^2 = 16,
    d12 = (0.5 + 0.5)^2 = 1, d13 = (0.5 + 1 + 1)^2 = 6.25, d23 = (0.5 + 1)^2 = 2.25.
    Observed disagreement: only the pair (2, 1), counted both ways: o_12 = o_21 = 1, so
    sum(o * d) = 2 * 1 = 2, and (n - 1) * 2 = 10.
    Expected: 2 * (2*1*2.25 + 2*1*6.25 + 2*2*16 + 1*1*1 + 1*2*6.25 + 1*2*2.25) = 2 * 99 = 198.
    Alpha = 1 - 10/198 = 0.949 (to three decimals).
    """
    ratings = {"A": {1: 3, 2: 3}, "B": {1: 2, 2: 1}, "C": {1: 0, 2: 0}}
    assert ordinal_alpha(ratings) == pytest.approx(1 - 10 / 198, abs=0.0005)


def test_alpha_is_unknown_without_pairs_or_without_any_difference():
    assert ordinal_alpha({"A": {1: 3}, "B": {2: 1}}) is None
    assert ordinal_alpha({"A": {1: 2, 2: 2}, "B": {1: 2, 2: 2}}) is None


def test_agreement_per_criterion_reads_in_plain_words(jury, criteria, english):
    whole, per_criterion = call_agreement(jury["call"], reviews=Review.objects.all())
    first = per_criterion[0]
    assert first.alpha == pytest.approx(0.949, abs=0.001)
    assert first.reading == "The jury agree well on “Goal-oriented”."
    assert per_criterion[1].level == "poor"  # 2 against 0 on A, 1/1 and 2/2 elsewhere
    assert "agree" in whole.reading
    # No figure where every score is the same: "Can be generalised" is 2/2, 3/3, 1/1 ...
    assert per_criterion[5].alpha == 1.0 or per_criterion[5].alpha is None


def test_progress_shows_who_answered_what_and_who_is_late(jury, criteria):
    submissions, rows = call_progress(jury["call"], today=timezone.localdate())
    assert [s.title for s in submissions] == ["A", "B", "C"]
    anna, bengt, cecilia = rows
    assert anna.answers == [Answer.SCORED] * 3 and not anna.late
    assert cecilia.answers == [Answer.CONFLICT, Answer.WAITING, Answer.WAITING]
    assert cecilia.late and cecilia.waiting == 2


def test_editor_sees_progress_and_reminds_a_late_juror(editor_client, jury):
    call = jury["call"]
    html = editor_client.get(f"/en/admin/submissions/call/{call.pk}/progress/").content.decode()
    assert "Cecilia Testi" in html and "late" in html and "Remind Cecilia Testi" in html
    cecilia = jury["people"][2]
    response = editor_client.post(
        f"/en/admin/submissions/call/{call.pk}/progress/remind/", {"juror": cecilia.pk}
    )
    assert response.status_code == 302
    message = OutgoingEmail.objects.get()
    assert message.to == cecilia.email
    assert "BBBB-BBBB" in message.body and "CCCC-CCCC" in message.body
    assert "AAAA-AAAA" not in message.body  # she declared a conflict there


def test_reminding_someone_off_the_jury_finds_nobody(editor_client, jury):
    stranger = UserFactory(groups=["Jury"])
    response = editor_client.post(
        f"/en/admin/submissions/call/{jury['call'].pk}/progress/remind/", {"juror": stranger.pk}
    )
    assert response.status_code == 404
    response = editor_client.post(
        f"/en/admin/submissions/call/{jury['call'].pk}/progress/remind/", {"juror": "x"}
    )
    assert response.status_code == 404
    assert not OutgoingEmail.objects.exists()


def test_editor_sees_ranking_agreement_and_the_flag_on_the_submission(editor_client, jury):
    call = jury["call"]
    html = editor_client.get(f"/en/admin/submissions/call/{call.pk}/ranking/").content.decode()
    assert "2 of 3" in html and "Incomplete" in html
    assert "The jury agree well on “Goal-oriented”." in html
    page = editor_client.get(
        f"/en/admin/submissions/submission/{jury['a'].pk}/change/"
    ).content.decode()
    assert "The jury disagree" in page and "Customer-responsive" in page.split("errornote")[1]
    listing = editor_client.get("/en/admin/submissions/submission/").content.decode()
    assert "jury disagree" in listing.lower()


def csv_rows(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_ranking_csv_is_for_a_finnish_spreadsheet(editor_client, jury, criteria):
    response = editor_client.get(f"/fi/admin/submissions/call/{jury['call'].pk}/ranking.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="ranking-mentoring-fi.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    header, b = rows[0], rows[1]
    assert header[:5] == ["Viite", "Käytäntö", "Organisaatio", "Tila", "Pisteyttäneet"]
    assert header[8] == "Tavoitteellinen: keskiarvo"
    assert b[0] == "BBBB-BBBB" and b[8] == "1,50" and b[9] == "1"
    assert b[header.index("Yhteensä")] == "12,50"


def test_reviews_export_as_excel_holds_each_review(editor_client, jury, criteria):
    response = editor_client.get(f"/en/admin/submissions/call/{jury['call'].pk}/reviews.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Reference", "Practice", "Jury member", "Conflict of interest")
    assert len(rows) == 1 + 7
    first = rows[1]
    # Editors get both kinds of text: for the submitter, and confidential.
    assert rows[0][5:7] == ("Overall comment for the submitter", "Overall confidential comment")
    assert first[0] == "AAAA-AAAA" and first[2] == "Anna Testi" and first[7] == 3


def test_ranking_excel_has_the_agreement_sheet(editor_client, jury):
    response = editor_client.get(f"/en/admin/submissions/call/{jury['call'].pk}/ranking.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Ranking", "Agreement"]
    assert book["Ranking"]["A2"].value == "BBBB-BBBB"
    assert book["Agreement"]["B3"].value == pytest.approx(0.949, abs=0.001)


def test_text_in_exports_never_runs_as_a_formula(editor_client, criteria):
    call = CallFactory()
    SubmissionFactory(call=call, title='=HYPERLINK("http://evil")')
    body = editor_client.get(f"/en/admin/submissions/call/{call.pk}/ranking.csv").content
    assert "'=HYPERLINK" in body.decode()
    book = editor_client.get(f"/en/admin/submissions/call/{call.pk}/ranking.xlsx").content
    assert load_workbook(io.BytesIO(book)).active["B2"].value.startswith("'=")


@pytest.mark.parametrize(
    "page",
    ["ranking/", "progress/", "ranking.csv", "ranking.xlsx", "reviews.csv", "reviews.xlsx"],
)
def test_only_editors_reach_the_figures_and_exports(client, jury, page):
    url = f"/en/admin/submissions/call/{jury['call'].pk}/{page}"
    client.force_login(jury["people"][0])
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302  # to the log-in


def test_jury_member_cannot_send_reminders(client, jury):
    client.force_login(jury["people"][0])
    response = client.post(
        f"/en/admin/submissions/call/{jury['call'].pk}/progress/remind/",
        {"juror": jury["people"][2].pk},
    )
    assert response.status_code == 403
    assert not OutgoingEmail.objects.exists()


def test_unknown_export_is_not_found(editor_client, jury):
    response = editor_client.get(f"/en/admin/submissions/call/{jury['call'].pk}/secrets.xlsx")
    assert response.status_code == 404


def test_exports_hold_only_the_reviews_the_user_may_see(jury, criteria, rf):
    """The exports read `Review.objects.visible_to`: a user who may see fewer reviews
    gets fewer in the file (here a juror, who reaches no export page, called directly)."""
    anna = jury["people"][0]
    _header, rows = reviews_table(jury["call"], reviews=Review.objects.visible_to(anna))
    everyone = reviews_table(jury["call"], reviews=Review.objects.all())[1]
    assert len(rows) == 7 == len(everyone)  # anna reviewed all three: she sees them
    cecilia = jury["people"][2]
    _header, rows = reviews_table(jury["call"], reviews=Review.objects.visible_to(cecilia))
    assert [row[2] for row in rows] == ["Cecilia Testi"]


def test_no_reminder_for_a_juror_with_nothing_waiting(editor_client, jury):
    anna = jury["people"][0]
    response = editor_client.post(
        f"/en/admin/submissions/call/{jury['call'].pk}/progress/remind/",
        {"juror": anna.pk},
        follow=True,
    )
    assert "Nothing of this call waits for Anna Testi" in response.content.decode()
    assert not OutgoingEmail.objects.exists()


def test_a_get_never_sends_a_reminder(editor_client, jury):
    response = editor_client.get(
        f"/en/admin/submissions/call/{jury['call'].pk}/progress/remind/?juror={jury['people'][2].pk}"
    )
    assert response.status_code == 405
    assert not OutgoingEmail.objects.exists()


@pytest.mark.parametrize(
    "page", ["ranking/", "progress/", "ranking.xlsx", "reviews.xlsx", "reviews.csv"]
)
def test_the_editors_pages_read_the_same_queries_however_many_submissions(
    editor_client, jury, criteria, page
):
    url = f"/en/admin/submissions/call/{jury['call'].pk}/{page}"
    with CaptureQueriesContext(connection) as few:
        assert editor_client.get(url).status_code == 200
    for n in range(5):
        more = SubmissionFactory(call=jury["call"], status="in_review", title=f"E{n}")
        give(more, jury["people"][0], [1, 2, 3, 1, 2, 3], criteria)
        give(more, jury["people"][1], [2, 2, 2, 2, 2, 2], criteria)
    with CaptureQueriesContext(connection) as many:
        assert editor_client.get(url).status_code == 200
    assert len(many) == len(few)


def test_the_list_flags_disagreement_only_from_reviews_the_user_may_see(jury, editor):
    everyone = Submission.objects.with_disagreement(Review.objects.visible_to(editor))
    assert everyone.get(pk=jury["a"].pk).disagreement
    assert not everyone.get(pk=jury["c"].pk).disagreement
    cecilia = jury["people"][2]  # declared a conflict on A: sees no colleague's scores
    hers = Submission.objects.with_disagreement(Review.objects.visible_to(cecilia))
    assert not hers.get(pk=jury["a"].pk).disagreement
