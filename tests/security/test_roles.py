"""Every admin page of every app, for every role (the submissions app has its own,
finer matrix in tests/submissions/test_admin_permissions.py)."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CATALOGUE_APPS = {"practices", "projects"}
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
def users():
    return {
        "juror": UserFactory(username="juror", groups=["Jury"]),
        "editor": UserFactory(username="editor", groups=["Editors"]),
        "superuser": UserFactory(username="root", is_superuser=True),
    }


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
    from practices.models import Practice

    client.force_login(users["editor"])
    published = Practice.objects.published().first()
    client.get(
        f"/en/admin/practices/practice/?action=archive_selected&_selected_action={published.pk}"
    )
    published.refresh_from_db()
    assert published.status == "published"
