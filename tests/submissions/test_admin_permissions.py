"""Who reaches which admin page of calls, submissions and reviews.

Roles: anonymous, a jury member assigned to the call, a jury member of another
call, an editor and a superuser. Objects out of reach answer 404.
"""

import pytest

from outbox.models import OutgoingEmail
from submissions.models import Attachment, Submission
from tests.factories import CallFactory, ReviewFactory, SubmissionFactory, UserFactory
from tests.files import pdf_file

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "juror", "other_juror", "editor", "superuser"]


@pytest.fixture
def world(criteria, juror, editor, admin_user):
    other_juror = UserFactory(username="other-juror", groups=["Jury"])
    colleague = UserFactory(username="colleague", groups=["Jury"])
    call = CallFactory(jurors=[juror, colleague])
    CallFactory(jurors=[other_juror])
    submission = SubmissionFactory(call=call, status="in_review")
    attachment = Attachment.objects.create(
        submission=submission,
        form_token=submission.form_token,
        file=pdf_file(),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=100,
    )
    own = ReviewFactory(submission=submission, juror=juror)
    colleagues = ReviewFactory(submission=submission, juror=colleague)
    email = OutgoingEmail.objects.create(to="a@example.org", subject="s", body="b")
    users = {
        "anonymous": None,
        "juror": juror,
        "other_juror": other_juror,
        "editor": editor,
        "superuser": admin_user,
    }
    return {
        "users": users,
        "call": call,
        "submission": submission,
        "attachment": attachment,
        "own_review": own,
        "colleagues_review": colleagues,
        "email": email,
    }


def latest_version(obj) -> int:
    return obj.history.latest().history_id


def urls(world):
    call, sub, att = world["call"].pk, world["submission"].pk, world["attachment"].pk
    sub_obj = world["submission"]
    base = "/en/admin/submissions"
    return {
        "call list": f"{base}/call/",
        "call add": f"{base}/call/add/",
        "call change": f"{base}/call/{call}/change/",
        "call delete": f"{base}/call/{call}/delete/",
        "call history": f"{base}/call/{call}/history/",
        "ranking": f"{base}/call/{call}/ranking/",
        "ranking csv": f"{base}/call/{call}/ranking.csv",
        "submission list": f"{base}/submission/",
        "submission add": f"{base}/submission/add/",
        "submission change": f"{base}/submission/{sub}/change/",
        "submission delete": f"{base}/submission/{sub}/delete/",
        "submission history": f"{base}/submission/{sub}/history/",
        "submission version": f"{base}/submission/{sub}/history/{latest_version(sub_obj)}/",
        "decide": f"{base}/submission/{sub}/decide/",
        "publish": f"{base}/submission/{sub}/publish/",
        "attachment": f"{base}/submission/{sub}/attachments/{att}/",
        "review list": f"{base}/review/",
        "review add": f"{base}/review/add/",
        "own review": f"{base}/review/{world['own_review'].pk}/change/",
        "colleague's review": f"{base}/review/{world['colleagues_review'].pk}/change/",
        "colleague's review version": (
            f"{base}/review/{world['colleagues_review'].pk}/history/"
            f"{latest_version(world['colleagues_review'])}/"
        ),
        "review delete": f"{base}/review/{world['own_review'].pk}/delete/",
        "email list": "/en/admin/outbox/outgoingemail/",
        "email change": f"/en/admin/outbox/outgoingemail/{world['email'].pk}/change/",
        "email delete": f"/en/admin/outbox/outgoingemail/{world['email'].pk}/delete/",
    }


#                     juror other_juror editor superuser   (anonymous: always to the log-in page)
EXPECTED = {
    "call list": (403, 403, 200, 200),
    "call add": (403, 403, 200, 200),
    "call change": (403, 403, 200, 200),
    "call delete": (403, 403, 200, 200),
    "call history": (403, 403, 200, 200),
    "ranking": (403, 403, 200, 200),
    "ranking csv": (403, 403, 200, 200),
    "submission list": (200, 200, 200, 200),
    "submission add": (403, 403, 403, 403),
    "submission change": (200, 404, 200, 200),
    "submission delete": (403, 403, 200, 200),
    # The history holds every text the submission had, the decision's reason too.
    "submission history": (403, 404, 200, 200),
    "submission version": (403, 404, 200, 200),
    "decide": (403, 403, 200, 200),
    "publish": (403, 403, 200, 200),
    "attachment": (200, 404, 200, 200),
    "review list": (200, 200, 200, 200),
    "review add": (200, 200, 403, 403),
    "own review": (200, 404, 200, 200),
    "colleague's review": (200, 404, 200, 200),
    "colleague's review version": (200, 404, 200, 200),
    "review delete": (403, 403, 403, 403),
    "email list": (403, 403, 200, 200),
    "email change": (403, 403, 200, 200),
    "email delete": (403, 403, 403, 403),
}


@pytest.mark.parametrize("page", list(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(client, world, role, page):
    user = world["users"][role]
    if user:
        client.force_login(user)
    response = client.get(urls(world)[page])
    if role == "anonymous":
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
        return
    expected = EXPECTED[page][ROLES.index(role) - 1]
    assert response.status_code == expected, f"{role} {page}: {response.status_code}"


def test_jury_member_sees_colleagues_review_only_after_own(client, world):
    """The matrix above gives the juror their own review first; without it, 404."""
    world["own_review"].delete()
    client.force_login(world["users"]["juror"])
    assert client.get(urls(world)["colleague's review"]).status_code == 404
    # Nor through the colleague's review's history (whose form could even revert it).
    assert client.get(urls(world)["colleague's review version"]).status_code == 404


@pytest.mark.parametrize("role", ["juror", "other_juror"])
def test_actions_of_editors_do_nothing_for_jury_members(client, world, role):
    client.force_login(world["users"][role])
    received = SubmissionFactory(call=world["call"], status="received")
    client.post(
        "/en/admin/submissions/submission/",
        {"action": "send_to_jury", "_selected_action": [received.pk]},
    )
    client.post(urls(world)["decide"], {"decision": "accept", "reason": "r", "feedback": "f"})
    client.post(urls(world)["publish"])
    received.refresh_from_db()
    world["submission"].refresh_from_db()
    assert received.status == "received"
    assert world["submission"].status == "in_review"


def test_state_never_changes_on_get(client, world):
    client.force_login(world["users"]["editor"])
    Submission.objects.filter(pk=world["submission"].pk).update(status="accepted")
    client.get(urls(world)["publish"])
    client.get(urls(world)["decide"] + "?decision=reject&reason=r&feedback=f")
    world["submission"].refresh_from_db()
    assert world["submission"].status == "accepted"


def test_attachment_is_served_as_a_download(client, world):
    client.force_login(world["users"]["juror"])
    response = client.get(urls(world)["attachment"])
    assert response["Content-Disposition"].startswith('attachment; filename="plan.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_attachment_missing_from_storage_is_a_404_that_says_so(client, world, caplog):
    """A file lost from the storage (a restore without files, a bucket emptied) was a 500."""
    world["submission"].attachments.get().file.delete(save=False)
    client.force_login(world["users"]["juror"])
    response = client.get(urls(world)["attachment"])
    assert response.status_code == 404
    assert "cannot be read from the storage" in response.content.decode()
    assert "cannot be read from storage" in caplog.text


def test_attachments_are_not_under_static_or_media(world, settings):
    for public in (settings.STATIC_ROOT, *settings.STATICFILES_DIRS, settings.MEDIA_ROOT):
        assert not str(settings.ATTACHMENTS_ROOT).startswith(str(public) or "/nowhere")
    assert world["attachment"].file.name.count(".") == 0  # a random name, no visitor's file name
    assert "plan" not in world["attachment"].file.name


def test_jury_members_see_only_their_calls_in_the_list_filters(client, world):
    CallFactory(title_en="Unpublished call", is_published=False)
    client.force_login(world["users"]["other_juror"])

    for page in ("submission list", "review list"):
        html = client.get(urls(world)[page]).content.decode()
        assert "Unpublished call" not in html
        assert world["call"].title_en not in html
