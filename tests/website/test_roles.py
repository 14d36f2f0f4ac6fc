"""Every admin page of every app, for every role (the submissions app has its own,
finer matrix in tests/submissions/test_admin_permissions.py)."""

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from simple_history.admin import SimpleHistoryAdmin

from practices.models import Practice
from submissions.roles import PERMISSIONS, codenames
from tests.factories import CallFactory, PracticeFactory, ReviewFactory

pytestmark = pytest.mark.django_db

CATALOGUE_APPS = {"practices", "projects"}
# Rows only visitors write, from a practice's page: nobody adds them in the admin.
WRITTEN_BY_VISITORS = {"adoption", "contactmessage"}
ACCOUNT_APPS = {"auth", "otp_totp", "axes"}


@pytest.fixture(autouse=True)
def demo():
    call_command("load_demo", verbosity=0)


def model_urls():
    for model, _model_admin in admin.site._registry.items():
        label = model._meta.app_label
        if label not in CATALOGUE_APPS | ACCOUNT_APPS:
            continue
        base = f"/en/admin/{label}/{model._meta.model_name}/"
        obj = model.objects.order_by("pk").first()
        yield label, f"{base}", "list"
        yield label, f"{base}add/", "add"
        if obj is not None:
            yield label, f"{base}{obj.pk}/change/", "change"
            yield label, f"{base}{obj.pk}/delete/", "delete"
            yield label, f"{base}{obj.pk}/history/", "history"


@pytest.fixture
def users(juror, editor, admin_user):
    return {"juror": juror, "editor": editor, "superuser": admin_user}


def test_every_admin_page_of_the_catalogue_and_accounts_for_every_role(client, users):
    failures = []
    for label, url, kind in model_urls():
        client.logout()
        response = client.get(url)
        if response.status_code != 302 or "/admin/login/" not in response["Location"]:
            failures.append(f"anonymous {url}: {response.status_code}")
        for role, user in users.items():
            client.force_login(user)
            status = client.get(url).status_code
            if role == "juror":
                expected = {403}  # nothing of the catalogue or of accounts is theirs
            elif role == "editor":
                expected = {200} if label in CATALOGUE_APPS else {403}
                if kind == "add" and url.split("/")[-3] in WRITTEN_BY_VISITORS:
                    expected = {403}
            else:
                expected = {200, 403} if kind in ("add", "delete") else {200}
            if status not in expected:
                failures.append(f"{role} {url}: {status}")
    assert failures == []


def test_an_unknown_object_gives_404_not_a_redirect(client, users):
    client.force_login(users["editor"])
    assert client.get("/en/admin/practices/practice/999999/change/").status_code == 404
    assert client.get("/en/admin/practices/practice/999999/history/").status_code == 404


def test_a_revoked_editor_is_refused_at_once(client, users):
    editor = users["editor"]
    client.force_login(editor)
    assert client.get("/en/admin/practices/practice/").status_code == 200
    editor.groups.remove(Group.objects.get(name="Editors"))
    assert client.get("/en/admin/practices/practice/").status_code == 403


def test_admin_actions_do_nothing_on_get(client, users):
    client.force_login(users["editor"])
    published = Practice.objects.published().first()
    client.get(
        f"/en/admin/practices/practice/?action=archive_selected&_selected_action={published.pk}"
    )
    published.refresh_from_db()
    assert published.status == "published"


def view_on_site(client, obj):
    content_type = ContentType.objects.get_for_model(obj)
    return client.get(f"/en/admin/r/{content_type.pk}/{obj.pk}/")


def test_view_on_site_tells_no_one_outside_the_admin_of_an_object_where_it_is(client, users):
    draft = PracticeFactory(slug="secret-draft", draft=True)
    hidden = CallFactory(slug="secret-call", is_published=False, jurors=[users["juror"]])
    review = ReviewFactory(juror=users["juror"], submission__call=hidden)
    objects = [draft, hidden, review.submission, review, users["juror"]]
    objects += [model.objects.order_by("pk").first() for model in admin.site._registry]
    failures = []
    for obj in filter(None, objects):
        for role, user in users.items():
            client.force_login(user)
            response = view_on_site(client, obj)
            # Only practices, calls and projects have pages; only editors reach those in the admin.
            has_page = hasattr(obj, "get_absolute_url")
            expected = 302 if has_page and role in ("editor", "superuser") else 404
            if response.status_code != expected:
                failures.append(f"{role} {obj._meta.label} {obj.pk}: {response.status_code}")
            elif (
                expected == 302
                and response["Location"] != f"http://testserver{obj.get_absolute_url()}"
            ):
                failures.append(f"{role} {obj._meta.label} {obj.pk}: {response['Location']}")
    practice_type = ContentType.objects.get_for_model(draft).pk
    for address in ["r/999999/1/", "r/abc/1/", f"r/{practice_type}/abc/", f"r/{practice_type}/0/"]:
        if (status := client.get(f"/en/admin/{address}").status_code) != 404:
            failures.append(f"superuser {address}: {status}")
    assert failures == []


def test_every_version_in_every_history_opens_for_an_editor(client, users):
    """Each object's history lists its versions, and each version opens (a published
    practice's version once failed on its read-only address)."""
    practice = Practice.objects.published().first()
    practice.title_fi += " (muutettu)"
    practice.save()
    client.force_login(users["editor"])
    failures = []
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, SimpleHistoryAdmin):
            continue
        for obj in model.objects.order_by("pk")[:3]:
            base = f"/en/admin/{model._meta.app_label}/{model._meta.model_name}/{obj.pk}"
            for version in obj.history.all():
                url = f"{base}/history/{version.history_id}/"
                if (status := client.get(url).status_code) != 200:
                    failures.append(f"{url}: {status}")
    assert failures == []


def test_django_still_asks_the_hooks_the_project_overrides(client, users):
    """The one private hook the project overrides (website.admin.NotFoundOutsideReachMixin)
    still exists and is still asked: an unknown object is a 404, not a redirect."""
    assert callable(getattr(ModelAdmin, "_get_obj_does_not_exist_redirect", None))
    client.force_login(users["editor"])
    for view in ("change", "delete", "history"):
        url = f"/en/admin/practices/practice/999999/{view}/"
        assert client.get(url).status_code == 404, url


def test_the_groups_have_exactly_the_rights_of_the_roles_table():
    """The migrations give each staff group the rights submissions/roles.py lists, no more."""
    for name, table in PERMISSIONS.items():
        group = Group.objects.get(name=name)
        granted = set(group.permissions.values_list("content_type__app_label", "codename"))
        wanted = {
            (label, codename)
            for label, models in table.items()
            for model, actions in models.items()
            for codename in codenames(model, actions)
        }
        assert granted == wanted, name


def test_no_one_can_revert_an_object_to_a_past_version(client, users):
    """Reverting wrote every field as it was, past the workflows: a published submission
    went back to received, with no status change recorded (the attack review)."""
    from submissions.models import Submission

    submission = Submission.objects.filter(status="accepted").first()
    version = submission.history.order_by("history_date").first()
    assert version.status != submission.status
    for role in ("editor", "superuser"):
        client.force_login(users[role])
        url = f"/en/admin/submissions/submission/{submission.pk}/history/{version.history_id}/"
        assert client.get(url).status_code == 200  # to read
        assert client.post(url, {}).status_code == 403
        assert Submission.objects.get(pk=submission.pk).status == "accepted"
