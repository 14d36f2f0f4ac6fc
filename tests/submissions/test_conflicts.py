"""Conflicts of interest beyond one review: a jury member declares them for a whole call
before the submissions arrive (against an organisation, or with every submission), they
apply to each submission as it is sent to the jury, and only an editor lifts one, with a
reason, a record, an audit line and an e-mail to the call's editors."""

import logging

import pytest

from outbox.models import OutgoingEmail
from submissions.conflicts import ConflictRefused, conflict_declare, conflict_lift
from submissions.models import DeclaredConflict, LiftedConflict, Review, Submission
from submissions.services import submissions_start_review
from tests.factories import CallFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(criteria):
    editor = UserFactory(username="editor", first_name="Eeva", groups=["Editors"])
    other_editor = UserFactory(username="editor2", first_name="Olli", groups=["Editors"])
    anna, bengt = (
        UserFactory(username=name, first_name=name.title(), groups=["Jury"])
        for name in ("anna", "bengt")
    )
    call = CallFactory(slug="mentors", jurors=[anna, bengt], contact_email="haku@example.org")
    return {
        "editor": editor,
        "other_editor": other_editor,
        "anna": anna,
        "bengt": bengt,
        "call": call,
        "espoo": SubmissionFactory(
            call=call, status="received", organisation="Espoon kaupunki", summary="EspooSisältö"
        ),
        "vantaa": SubmissionFactory(call=call, status="received", organisation="Vantaan kaupunki"),
    }


def declare_url(world):
    return f"/en/admin/submissions/review/desk/conflicts/{world['call'].pk}/"


def test_a_juror_declares_a_conflict_with_an_organisation_before_anything_is_sent(client, world):
    client.force_login(world["anna"])
    desk = client.get("/en/admin/submissions/review/desk/").content.decode()
    assert declare_url(world) in desk
    response = client.post(
        declare_url(world),
        {"organisation": "  espoon   KAUPUNKI ", "note": "Työskentelin siellä."},
        follow=True,
    )
    assert "Your conflict of interest (espoon KAUPUNKI) is declared" in response.content.decode()
    assert not Review.objects.exists()  # nothing sent to the jury yet

    submissions_start_review(submissions=[world["espoo"], world["vantaa"]], by=world["editor"])

    espoo, vantaa = world["espoo"], world["vantaa"]
    assert espoo.has_conflict_of(world["anna"]) and espoo.content_hidden_from(world["anna"])
    assert not vantaa.reviews.exists()
    assert not espoo.has_conflict_of(world["bengt"])
    # The same effects as a conflict declared on the submission: the title only.
    html = client.get(f"/en/admin/submissions/submission/{espoo.pk}/change/").content.decode()
    assert espoo.title in html and "EspooSisältö" not in html
    assert Submission.objects.awaiting_review_by(world["anna"]).get() == vantaa


def test_a_declaration_applies_at_once_to_submissions_already_with_the_jury(world):
    submissions_start_review(submissions=[world["espoo"], world["vantaa"]], by=world["editor"])
    declaration, applied = conflict_declare(
        call=world["call"], juror=world["anna"], organisation="", note="Olen hankkeen ohjaaja."
    )
    assert applied == 2 and declaration.scope == "every submission of the call"
    review = Review.objects.get(submission=world["espoo"], juror=world["anna"])
    assert review.conflict_of_interest and review.confidential_comment == "Olen hankkeen ohjaaja."


def test_a_declaration_leaves_a_submission_already_scored_alone(world, criteria):
    submissions_start_review(submissions=[world["espoo"]], by=world["editor"])
    Review.objects.create(
        submission=world["espoo"], juror=world["anna"], recommendation="recommend"
    )
    _declaration, applied = conflict_declare(
        call=world["call"], juror=world["anna"], organisation="Espoon kaupunki", note=""
    )
    assert applied == 0
    assert not world["espoo"].has_conflict_of(world["anna"])


def test_only_the_calls_jury_declare_conflicts_for_it(client, world):
    outsider = UserFactory(username="outsider", groups=["Jury"])
    with pytest.raises(ConflictRefused):
        conflict_declare(call=world["call"], juror=outsider, organisation="X", note="")
    client.force_login(outsider)
    assert client.get(declare_url(world)).status_code == 404
    client.force_login(world["editor"])
    assert client.get(declare_url(world)).status_code == 403


def test_the_form_asks_for_an_organisation_or_the_whole_call(client, world):
    client.force_login(world["anna"])
    html = client.post(declare_url(world), {"organisation": "", "note": "Muistiinpano"})
    assert "Name the organisation, or tick the box" in html.content.decode()
    assert "Muistiinpano" in html.content.decode()
    assert not DeclaredConflict.objects.exists()


def test_editors_see_the_declared_conflicts_on_progress_and_ranking(client, world):
    conflict_declare(
        call=world["call"], juror=world["anna"], organisation="Espoon kaupunki", note="Entinen työ"
    )
    submissions_start_review(submissions=[world["espoo"], world["vantaa"]], by=world["editor"])
    client.force_login(world["editor"])
    for page in ("progress", "ranking"):
        html = client.get(f"/en/admin/submissions/call/{world['call'].pk}/{page}/").content.decode()
        assert "Conflicts of interest declared for the call" in html, page
        assert "Espoon kaupunki" in html and "Entinen työ" in html, page
        assert "Anna" in html


def lift(world, reason="Ilmoitettu vahingossa."):
    review = Review.objects.get(submission=world["espoo"], juror=world["anna"])
    return conflict_lift(review=review, by=world["editor"], reason=reason)


@pytest.fixture
def conflicted(world):
    submissions_start_review(submissions=[world["espoo"]], by=world["editor"])
    conflict_declare(
        call=world["call"], juror=world["anna"], organisation="Espoon kaupunki", note=""
    )
    OutgoingEmail.objects.all().delete()
    return world


def test_a_juror_cannot_withdraw_a_conflict_from_the_review_form(client, conflicted, criteria):
    world = conflicted
    review = Review.objects.get(submission=world["espoo"], juror=world["anna"])
    client.force_login(world["anna"])
    url = f"/en/admin/submissions/review/{review.pk}/change/"
    html = client.get(url).content.decode()
    assert "you cannot withdraw it yourself" in html
    assert 'name="_save"' not in html
    data = {
        "version": review.updated_at.isoformat(),
        "recommendation": "recommend",
        "language": "fi",
        **{f"score_{c.pk}": "3" for c in criteria},
    }
    html = client.post(url, data).content.decode()
    review.refresh_from_db()
    assert review.conflict_of_interest and not review.scores.exists()
    assert "ask an editor to lift it" in html


def test_an_editor_lifts_a_conflict_with_a_reason_and_everyone_can_tell(client, conflicted, caplog):
    world = conflicted
    review = Review.objects.get(submission=world["espoo"], juror=world["anna"])
    client.force_login(world["editor"])
    page = client.get(f"/en/admin/submissions/review/{review.pk}/change/").content.decode()
    assert "Lift the conflict of interest" in page
    with caplog.at_level(logging.INFO, logger="catalogue.audit"):
        response = client.post(
            f"/en/admin/submissions/review/{review.pk}/lift-conflict/",
            {"reason": "Ilmoitettu vahingossa."},
            follow=True,
        )
    assert "may now score it" in response.content.decode()
    assert not world["espoo"].has_conflict_of(world["anna"])
    lifted = LiftedConflict.objects.get()
    assert (lifted.juror, lifted.lifted_by) == (world["anna"], world["editor"])
    assert lifted.reason == "Ilmoitettu vahingossa."
    # The history keeps the declaration, removed with the reason.
    removed = Review.history.filter(history_type="-").get()
    assert removed.conflict_of_interest and removed.history_change_reason == lifted.reason
    assert any("conflict_lifted user=editor" in message for message in caplog.messages)
    mail = OutgoingEmail.objects.get()
    assert mail.to == "haku@example.org" and world["espoo"].reference in mail.subject
    # The juror can now score it, and the editors' pages mark the lift.
    assert Submission.objects.awaiting_review_by(world["anna"]).filter(pk=world["espoo"].pk)
    for page in ("progress", "ranking"):
        html = client.get(f"/en/admin/submissions/call/{world['call'].pk}/{page}/").content.decode()
        assert "conflict-lifted" in html and "Ilmoitettu vahingossa." in html, page


def test_a_lifted_conflict_is_not_applied_again_by_the_declaration(conflicted):
    world = conflicted
    lift(world)
    conflict_declare(call=world["call"], juror=world["anna"], organisation="", note="")
    assert not world["espoo"].has_conflict_of(world["anna"])
    assert world["vantaa"].status == "received"  # and applies to the rest when sent
    submissions_start_review(submissions=[world["vantaa"]], by=world["editor"])
    assert world["vantaa"].has_conflict_of(world["anna"])


def test_only_another_editor_lifts_a_conflict_and_only_with_a_reason(client, conflicted):
    world = conflicted
    review = Review.objects.get(submission=world["espoo"], juror=world["anna"])
    with pytest.raises(ConflictRefused, match="Say why"):
        lift(world, reason="  ")
    with pytest.raises(ConflictRefused, match="Only an editor"):
        conflict_lift(review=review, by=world["bengt"], reason="Syy")
    client.force_login(world["anna"])
    response = client.post(
        f"/en/admin/submissions/review/{review.pk}/lift-conflict/", {"reason": "Itse"}
    )
    assert response.status_code in (403, 404)
    own = Review.objects.create(
        submission=world["espoo"], juror=world["other_editor"], conflict_of_interest=True
    )
    world["call"].jurors.add(world["other_editor"])
    with pytest.raises(ConflictRefused, match="Another editor"):
        conflict_lift(review=own, by=world["other_editor"], reason="Syy")
    assert world["espoo"].has_conflict_of(world["anna"])
    assert not LiftedConflict.objects.exists()


def test_a_juror_with_a_conflict_finds_the_submission_by_what_they_see_of_it_only(client, world):
    """The list shows a juror "–" for the organisation of a submission they declared a
    conflict with: its search matched the organisation all the same, and the order by
    organisation put the row where its organisation belongs."""
    aalto = SubmissionFactory(call=world["call"], organisation="Aaltosen säätiö")
    espoo, vantaa = world["espoo"], world["vantaa"]
    submissions_start_review(submissions=[aalto, espoo, vantaa], by=world["editor"])
    client.force_login(world["anna"])
    client.post(
        "/en/admin/submissions/submission/",
        {"action": "declare_conflict", "_selected_action": [espoo.pk]},
    )
    assert espoo.content_hidden_from(world["anna"])

    def listed(**query):
        page = client.get("/en/admin/submissions/submission/", query)
        return [row.pk for row in page.context["cl"].result_list]

    assert listed(q="Espoo") == listed(q="Espox") == []
    assert listed(q=espoo.reference) == [espoo.pk]
    organisation_column = (
        client.get("/en/admin/submissions/submission/")
        .context["cl"]
        .list_display.index("organisation_shown")
    )
    assert listed(o=str(organisation_column)) == [espoo.pk, aalto.pk, vantaa.pk]
    # Bengt, without a conflict, sees the organisation and finds the submission by it.
    client.force_login(world["bengt"])
    assert listed(q="Espoo") == [espoo.pk]
    assert listed(o=str(organisation_column)) == [aalto.pk, espoo.pk, vantaa.pk]
