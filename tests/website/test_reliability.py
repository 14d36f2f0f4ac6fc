"""Nothing lost: a health check that says when the database is down, and a backup
that restores every row."""

import uuid
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from practices.models import Practice
from practices.services import adoption_approve, contact_message_send
from tests.factories import AdoptionFactory, PracticeFactory, UserFactory, ensure_staff_groups


@pytest.mark.django_db
def test_health_check_reports_the_database(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", "status": "ok"}


@pytest.mark.django_db
def test_health_check_says_when_the_database_is_down(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", broken)
        response = client.get("/health/")
    assert response.status_code == 503
    # The cache is a table of the same database by default, so it is down too.
    assert response.json() == {
        "database": "unavailable",
        "cache": "unavailable",
        "status": "unavailable",
    }


@pytest.mark.django_db
def test_health_check_says_when_the_cache_keeps_nothing(client, settings):
    """A cache that takes every write and keeps nothing renders every page from scratch."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get("/health/")
    assert response.status_code == 200  # the pages are served still, slowly
    assert response.json()["cache"] == "not keeping entries"


@pytest.mark.django_db
def test_a_write_that_waited_too_long_for_another_asks_to_send_again(editor_client, monkeypatch):
    """SQLite writes one at a time: a save that waits past the timeout is not a server error."""
    from django.contrib.admin.options import ModelAdmin
    from django.db import OperationalError

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    practice = PracticeFactory()
    monkeypatch.setattr(ModelAdmin, "changeform_view", locked)
    response = editor_client.post(f"/fi/admin/practices/practice/{practice.pk}/change/", {})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "<h1>Palvelu on ruuhkautunut</h1>" in page
    assert "style=" not in page and "<script" not in page


@pytest.mark.django_db
def test_other_database_errors_stay_errors(editor_client, monkeypatch):
    from django.contrib.admin.options import ModelAdmin
    from django.db import OperationalError

    def broken(*args, **kwargs):
        raise OperationalError("no such table: practices_practice")

    monkeypatch.setattr(ModelAdmin, "changeform_view", broken)
    editor_client.raise_request_exception = True
    with pytest.raises(OperationalError):
        editor_client.post("/fi/admin/practices/practice/add/", {})


def rows() -> dict[str, list]:
    """Every row of the project's apps, except history (its ids and timestamps are its own)."""
    data = {}
    for label in ("otp_totp", "admin", "practices", "projects", "submissions"):
        for model in apps.get_app_config(label).get_models():
            if model._meta.model_name.startswith("historical"):
                continue
            fields = []
            for f in model._meta.concrete_fields:
                if f.attname == "search_vector":
                    continue
                if f.is_relation and f.related_model is ContentType:
                    # Content types get new ids in a new database; compare them by name.
                    fields += [f"{f.name}__app_label", f"{f.name}__model"]
                else:
                    fields.append(f.attname)
            data[model._meta.label] = list(model.objects.order_by("pk").values_list(*fields))
    return data


@pytest.mark.django_db(transaction=True)
def test_export_and_restore_into_an_empty_database_finds_every_row(tmp_path):
    ensure_staff_groups()
    call_command("load_demo", practices=20, projects=30, stdout=StringIO())
    editor = UserFactory(username="editor", groups=["Editors"])
    TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    LogEntry.objects.log_actions(
        user_id=editor.pk,
        queryset=Practice.objects.all()[:1],
        action_flag=CHANGE,
        change_message="Changed title.",
    )
    # A message to an owner points at the outbox's e-mails; an approval at a user.
    practice = Practice.objects.published().first()
    practice.contact_email = "owner@example.org"
    practice.save()
    contact_message_send(
        practice=practice,
        form_token=uuid.uuid4(),
        sender_name="Liisa",
        sender_email="liisa@example.org",
        sender_organisation="",
        message="A question.",
        language="fi",
    )
    adoption_approve(adoption=AdoptionFactory(practice=practice, pending=True), by=editor)
    before = rows()
    assert sum(len(r) for r in before.values()) > 300
    archive = tmp_path / "backup.zip"
    call_command("export_content", str(archive), stdout=StringIO())
    call_command("flush", "--noinput", verbosity=0)
    assert rows()["practices.Practice"] == []
    call_command("import_content", str(archive), stdout=StringIO())
    assert rows() == before


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_with_accounts(tmp_path):
    call_command("export_content", str(tmp_path / "b.zip"), stdout=StringIO())
    User.objects.create_user("ops")
    with pytest.raises(CommandError, match="restore into an empty one"):
        call_command("import_content", str(tmp_path / "b.zip"), stdout=StringIO())
    assert User.objects.get().username == "ops"


@pytest.mark.django_db
def test_restore_of_a_file_that_is_no_backup_says_so(tmp_path):
    wrong = tmp_path / "notes.zip"
    wrong.write_text("not a zip")
    with pytest.raises(CommandError, match="not a file made by export_content"):
        call_command("import_content", str(wrong), stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    call_command("export_content", str(tmp_path / "b.zip"), stdout=StringIO())
    PracticeFactory()
    with pytest.raises(CommandError, match="restore into an empty one"):
        call_command("import_content", str(tmp_path / "b.zip"), stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_a_crafted_backup_with_a_file_outside_its_folder_restores_nothing(tmp_path):
    """The climb out was refused, but only after every row had been restored."""
    import zipfile

    PracticeFactory(slug="kept")
    archive = tmp_path / "b.zip"
    call_command("export_content", str(archive), stdout=StringIO())
    with zipfile.ZipFile(archive, "a") as crafted:
        crafted.writestr("files/submissions.Attachment.file/../../../tmp/pwned.txt", b"x")
    call_command("flush", "--noinput", verbosity=0)

    with pytest.raises(CommandError, match="a file outside its folder"):
        call_command("import_content", str(archive), stdout=StringIO())
    assert not Practice.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_restore_makes_the_pages_stale_once_not_once_a_row(tmp_path):
    """Every restored row and relation made the pages stale again, each a write to the
    cache: a backup of 40,000 projects would have taken hours on PostgreSQL."""
    from unittest import mock

    from tests.factories import ensure_staff_groups

    ensure_staff_groups()
    call_command("load_demo", practices=30, projects=30, stdout=StringIO())
    archive = tmp_path / "backup.zip"
    call_command("export_content", str(archive), stdout=StringIO())
    call_command("flush", "--noinput", verbosity=0)
    with mock.patch("website.cache.content_changed") as made_stale:
        call_command("import_content", str(archive), stdout=StringIO())
    assert Practice.objects.count() > 30
    # Once as the restore ends and once more when it is committed, not once a row.
    assert made_stale.call_count <= 3
