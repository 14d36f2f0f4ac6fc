"""Jury members score the submissions of their calls in the admin, independently."""

import threading

import pytest
from django.db import IntegrityError, connections, transaction

from submissions.models import Review, ReviewScore, Submission, review_version
from submissions.services import ReviewRefused, review_save
from tests.factories import (
    CallFactory,
    CriterionFactory,
    ReviewFactory,
    SubmissionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def jury(criteria):
    alice, bob, carol = (
        UserFactory(username=name, groups=["Jury"]) for name in ("alice", "bob", "carol")
    )
    call = CallFactory(jurors=[alice, bob])
    other_call = CallFactory(jurors=[carol])
    return {
        "alice": alice,
        "bob": bob,
        "carol": carol,
        "submission": SubmissionFactory(call=call, status="in_review", title="Mentorit"),
        "received": SubmissionFactory(call=call, status="received", title="Vasta saapunut"),
        "elsewhere": SubmissionFactory(call=other_call, status="in_review", title="Toinen haku"),
    }


def add_url(submission):
    return f"/en/admin/submissions/review/add/?submission={submission.pk}"


def review_data(submission, criteria, score=2, **extra):
    data = {
        "version": "new",
        "conflict_of_interest": "",
        "recommendation": "recommend",
        "language": "fi",
        "comment_for_submitter": "Hyvä malli.",
        "confidential_comment": "Vain raadille.",
        **{f"score_{c.pk}": str(score) for c in criteria},
        **{f"for_submitter_{c.pk}": f"Huomio {c.position}" for c in criteria},
        **{f"confidential_{c.pk}": f"Luottamuksellinen {c.position}" for c in criteria},
    }
    data.update(extra)
    return data


def test_juror_sees_only_submissions_of_assigned_calls_under_review(client, jury):
    client.force_login(jury["alice"])
    html = client.get("/en/admin/submissions/submission/").content.decode()
    assert "Mentorit" in html
    assert "Toinen haku" not in html
    assert "Vasta saapunut" not in html
    assert (
        client.get(f"/en/admin/submissions/submission/{jury['elsewhere'].pk}/change/").status_code
        == 404
    )


def test_juror_never_sees_contact_details(client, jury):
    client.force_login(jury["alice"])
    html = client.get(
        f"/en/admin/submissions/submission/{jury['submission'].pk}/change/"
    ).content.decode()
    assert "Mentorit" in html
    assert "maija@example.org" not in html
    assert "Maija Meikäläinen" not in html
    assert "+358 40 123 4567" not in html


def test_juror_cannot_change_a_submission(client, jury):
    client.force_login(jury["alice"])
    submission = jury["submission"]
    response = client.post(
        f"/en/admin/submissions/submission/{submission.pk}/change/", {"title": "Changed"}
    )
    assert response.status_code == 403
    submission.refresh_from_db()
    assert submission.title == "Mentorit"


def test_juror_scores_a_submission_with_the_scale_shown(client, jury, criteria):
    client.force_login(jury["alice"])
    submission = jury["submission"]
    form = client.get(
        f"/en/admin/submissions/review/add/?submission={submission.pk}"
    ).content.decode()
    assert "0 = not met, 1 = partly met, 2 = met, 3 = met excellently." in form
    assert submission.how_it_works in form
    response = client.post(add_url(submission), review_data(submission, criteria, score=3))
    assert response.status_code == 302, response.content.decode()[:2000]
    review = Review.objects.get(juror=jury["alice"])
    assert [s.score for s in review.scores.all()] == [3] * 6
    assert review.scores.first().comment_for_submitter == "Huomio 1"
    assert review.scores.first().confidential_comment == "Luottamuksellinen 1"


def test_review_without_scores_is_refused_with_messages(client, jury, criteria):
    client.force_login(jury["alice"])
    data = review_data(jury["submission"], criteria)
    del data[f"score_{criteria[2].pk}"]
    data["recommendation"] = ""
    html = client.post(add_url(jury["submission"]), data).content.decode()
    assert "Give a score from 0 to 3." in html
    assert "Give your overall recommendation." in html
    assert not Review.objects.exists()


def test_conflict_of_interest_gives_no_scores(client, jury, criteria):
    client.force_login(jury["alice"])
    data = review_data(jury["submission"], criteria, conflict_of_interest="on", recommendation="")
    assert client.post(add_url(jury["submission"]), data).status_code == 302
    review = Review.objects.get()
    assert review.conflict_of_interest
    assert review.scores.count() == 0


def test_a_juror_with_a_conflict_of_interest_never_sees_the_others_reviews(client, jury, criteria):
    submission = jury["submission"]
    ReviewFactory(submission=submission, juror=jury["bob"], confidential_comment="Bobin arvio")
    client.force_login(jury["alice"])
    data = review_data(submission, criteria, conflict_of_interest="on", recommendation="")
    client.post(add_url(submission), data)

    page = client.get(f"/en/admin/submissions/submission/{submission.pk}/change/")
    bob_review = Review.objects.get(juror=jury["bob"])

    assert "Bobin arvio" not in page.content.decode()
    assert client.get(f"/en/admin/submissions/review/{bob_review.pk}/change/").status_code == 404


def test_juror_cannot_review_a_submission_of_another_call(client, jury, criteria):
    client.force_login(jury["alice"])
    response = client.post(add_url(jury["elsewhere"]), review_data(jury["elsewhere"], criteria))
    assert "Choose a submission to review" in response.content.decode()
    assert "Toinen haku" not in response.content.decode()
    assert not Review.objects.exists()


def test_juror_cannot_see_other_reviews_before_submitting_their_own(client, jury, criteria):
    submission = jury["submission"]
    ReviewFactory(submission=submission, juror=jury["bob"], confidential_comment="Bobin arvio")
    client.force_login(jury["alice"])
    assert (
        "Bobin arvio"
        not in client.get(
            f"/en/admin/submissions/submission/{submission.pk}/change/"
        ).content.decode()
    )
    assert "bob" not in client.get("/en/admin/submissions/review/").content.decode()
    bob_review = Review.objects.get(juror=jury["bob"])
    assert client.get(f"/en/admin/submissions/review/{bob_review.pk}/change/").status_code == 404
    client.post(add_url(submission), review_data(submission, criteria))
    assert (
        "Bobin arvio"
        in client.get(f"/en/admin/submissions/submission/{submission.pk}/change/").content.decode()
    )
    assert client.get(f"/en/admin/submissions/review/{bob_review.pk}/change/").status_code == 200


def test_juror_cannot_change_another_jurors_review(client, jury, criteria):
    submission = jury["submission"]
    bob_review = ReviewFactory(
        submission=submission, juror=jury["bob"], confidential_comment="Bobin arvio"
    )
    ReviewFactory(submission=submission, juror=jury["alice"])
    client.force_login(jury["alice"])
    client.post(
        f"/en/admin/submissions/review/{bob_review.pk}/change/",
        review_data(submission, criteria, confidential_comment="hijacked"),
    )
    bob_review.refresh_from_db()
    assert bob_review.confidential_comment == "Bobin arvio"


def test_one_review_per_juror_per_submission_is_enforced_by_the_database(jury):
    ReviewFactory(submission=jury["submission"], juror=jury["alice"])
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(submission=jury["submission"], juror=jury["alice"])


def test_database_refuses_a_recommendation_with_a_conflict_of_interest(jury):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(
            submission=jury["submission"], conflict_of_interest=True, recommendation="recommend"
        )


def test_database_refuses_a_score_above_3(jury, criteria):
    review = ReviewFactory(submission=jury["submission"])
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewScore.objects.create(review=review, criterion=criteria[0], score=4)


def test_extra_juror_reaches_only_that_submission(client, jury):
    carol = jury["carol"]
    jury["submission"].extra_jurors.add(carol)
    client.force_login(carol)
    html = client.get("/en/admin/submissions/submission/").content.decode()
    assert "Mentorit" in html
    assert "Vasta saapunut" not in html


def test_revoked_jury_membership_takes_effect_at_once(client, jury):
    alice = jury["alice"]
    client.force_login(alice)
    assert client.get("/en/admin/submissions/submission/").status_code == 200
    alice.groups.clear()
    assert client.get("/en/admin/submissions/submission/").status_code == 403


def test_reviews_close_when_the_decision_is_made(client, jury, criteria):
    submission = jury["submission"]
    review = ReviewFactory(submission=submission, juror=jury["alice"], confidential_comment="Ennen")
    Submission.objects.filter(pk=submission.pk).update(status="accepted")
    client.force_login(jury["alice"])
    html = client.post(
        f"/en/admin/submissions/review/{review.pk}/change/",
        review_data(submission, criteria, confidential_comment="Jälkeen"),
    ).content.decode()
    review.refresh_from_db()
    assert review.confidential_comment == "Ennen"
    # Refused with the reason, and the typed text shown back to be copied.
    assert "The editors have decided on it in the meantime" in html
    assert "Jälkeen" in html


def save_review(submission, juror, criteria, score):
    return review_save(
        submission=submission,
        juror=juror,
        conflict_of_interest=False,
        recommendation="recommend",
        comment_for_submitter="",
        confidential_comment=f"{score} points",
        scores={criterion: (score, "", "") for criterion in criteria},
        version=review_version(Review.objects.filter(submission=submission, juror=juror).first()),
    )


def test_a_review_is_final_once_the_author_can_read_a_colleagues(jury, criteria, english):
    submission = jury["submission"]
    placeholder = save_review(submission, jury["alice"], criteria, 0)
    save_review(submission, jury["alice"], criteria, 1)  # nobody else's to read yet: may change
    save_review(submission, jury["bob"], criteria, 3)  # now each can read the other's

    for juror in ("alice", "bob"):
        with pytest.raises(ReviewRefused, match="can no longer be changed"):
            save_review(submission, jury[juror], criteria, 2)

    placeholder.refresh_from_db()
    assert placeholder.confidential_comment == "1 points"
    assert sorted(placeholder.scores.values_list("score", flat=True)) == [1] * 6


def test_a_juror_cannot_withdraw_a_declared_conflict_and_score(jury, criteria, english):
    submission = jury["submission"]
    save_review(submission, jury["bob"], criteria, 3)
    review_save(
        submission=submission,
        juror=jury["alice"],
        conflict_of_interest=True,
        recommendation="",
        comment_for_submitter="",
        confidential_comment="",
        scores={},
        version="new",
    )
    # Only an editor lifts a conflict (submissions/conflicts.py says why).
    with pytest.raises(ReviewRefused, match="ask an editor to lift it"):
        save_review(submission, jury["alice"], criteria, 1)
    review = Review.objects.get(submission=submission, juror=jury["alice"])
    assert review.conflict_of_interest and not review.scores.exists()


def test_a_final_review_shows_read_only_in_the_admin_and_says_why(client, jury, criteria):
    submission = jury["submission"]
    own = save_review(submission, jury["alice"], criteria, 0)
    save_review(submission, jury["bob"], criteria, 3)
    client.force_login(jury["alice"])
    address = f"/en/admin/submissions/review/{own.pk}/change/"

    submission_page = f"/en/admin/submissions/submission/{submission.pk}/change/"
    assert "See your review" in client.get(submission_page).content.decode()
    html = client.get(address).content.decode()
    assert "Your review can no longer be changed" in html
    assert "<textarea" not in html and 'name="_save"' not in html

    data = review_data(submission, criteria, score=3, confidential_comment="Uusi ajatus")
    html = client.post(address, data).content.decode()
    own.refresh_from_db()
    assert own.confidential_comment == "0 points"
    assert "Your review can no longer be changed" in html
    assert "Uusi ajatus" in html


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_jury_members_saving_at_the_same_moment_both_keep_their_reviews():
    criterion = CriterionFactory()
    submission = SubmissionFactory(status="in_review")
    jurors = [UserFactory(username=f"juror{n}", groups=["Jury"]) for n in range(2)]
    barrier = threading.Barrier(2)
    errors = []

    def save(juror, score):
        try:
            barrier.wait()
            review_save(
                submission=submission,
                juror=juror,
                conflict_of_interest=False,
                recommendation="recommend",
                comment_for_submitter="",
                confidential_comment=juror.username,
                scores={criterion: (score, "", "")},
                version="new",
            )
        except Exception as error:  # noqa: BLE001 – reported below
            errors.append(error)
        finally:
            # This thread's own connection: kept open (CONN_MAX_AGE), it would stop the
            # test database from being dropped at the end of the run.
            connections.close_all()

    threads = [threading.Thread(target=save, args=(juror, n + 1)) for n, juror in enumerate(jurors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(Review.objects.values_list("confidential_comment", flat=True)) == [
        "juror0",
        "juror1",
    ]
    assert sorted(Review.objects.values_list("scores__score", flat=True)) == [1, 2]


@pytest.mark.parametrize("value", ["²", "①", "1²", "99999999999999999999", "-1", "x"])
def test_a_review_page_asked_for_an_odd_submission_id_is_no_server_error(client, jury, value):
    client.force_login(jury["alice"])
    response = client.get(f"/en/admin/submissions/review/add/?submission={value}")
    assert response.status_code == 200


def test_the_review_form_is_bound_to_its_submission(client, jury, criteria):
    client.force_login(jury["alice"])
    html = client.get(add_url(jury["submission"])).content.decode()
    assert 'name="submission"' not in html  # nothing to switch it to another one
    other = SubmissionFactory(call=jury["submission"].call, status="in_review")
    data = {**review_data(jury["submission"], criteria), "submission": other.pk}
    assert client.post(add_url(jury["submission"]), data).status_code == 302
    assert Review.objects.get().submission == jury["submission"]


def test_a_second_tab_saving_first_keeps_the_typed_text_and_says_why(client, jury, criteria):
    submission = jury["submission"]
    client.force_login(jury["alice"])
    first_tab = review_data(submission, criteria, confidential_comment="Ensimmäinen välilehti")
    second_tab = review_data(submission, criteria, score=1, confidential_comment="Toinen")
    assert client.post(add_url(submission), second_tab).status_code == 302

    response = client.post(add_url(submission), first_tab)
    html = response.content.decode()
    assert response.status_code == 200
    assert "was saved elsewhere (another tab or window)" in html
    assert "Ensimmäinen välilehti" in html  # what was typed is shown back
    review = Review.objects.get()
    assert review.confidential_comment == "Toinen"
    # Saving the form shown back replaces the review, as the message says.
    version = html.split('name="version" value="')[1].split('"')[0]
    first_tab["version"] = version
    client.post(add_url(submission), first_tab)
    review.refresh_from_db()
    assert review.confidential_comment == "Ensimmäinen välilehti"


def test_a_stale_change_form_is_refused_with_the_typed_text_kept(client, jury, criteria):
    submission = jury["submission"]
    own = save_review(submission, jury["alice"], criteria, 1)
    client.force_login(jury["alice"])
    url = f"/en/admin/submissions/review/{own.pk}/change/"
    opened = client.get(url).content.decode()
    version = opened.split('name="version" value="')[1].split('"')[0]
    save_review(submission, jury["alice"], criteria, 2)  # saved meanwhile elsewhere
    data = review_data(submission, criteria, score=3, confidential_comment="Vanha lomake")
    data["version"] = version
    html = client.post(url, data).content.decode()
    assert "was saved elsewhere" in html and "Vanha lomake" in html
    own.refresh_from_db()
    assert own.confidential_comment == "2 points"


def test_a_review_page_labels_scores_and_texts_in_the_visitors_language(
    client, jury, criteria, editor
):
    submission = jury["submission"]
    review = save_review(submission, jury["bob"], criteria, 2)
    ReviewScore.objects.filter(review=review).update(comment_for_submitter="Palaute")
    client.force_login(editor)
    html = client.get(f"/en/admin/submissions/review/{review.pk}/change/").content.decode()
    assert "None" not in html.split('id="content-main"')[1]
    assert "Goal-oriented" in html and "Score:" in html and "2 – met" in html
    assert "For the submitter:" in html and "Palaute" in html
    assert "Confidential comment, for the editors and jury" in html and "2 points" in html
