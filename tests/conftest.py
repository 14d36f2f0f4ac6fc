import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached pages."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests talk plain HTTP to the test client and the live server.
    settings.SECURE_SSL_REDIRECT = False
    # Serve static files from the app folders; tests never run collectstatic.
    settings.WHITENOISE_AUTOREFRESH = True
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def english():
    """Messages raised outside a request (services, workflow) in English."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _postgres_only(request):
    """Tests marked `postgres` run on PostgreSQL (in CI's second run) and are skipped on SQLite."""
    if request.node.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL (full-text search); runs in CI's PostgreSQL pass")


@pytest.fixture(autouse=True)
def attachment_folder(tmp_path, monkeypatch):
    """Attachments stored by a test go to a folder of its own, never the project's private/.

    The file field resolved its storage when the model was loaded, so the field
    itself is pointed at the folder (a settings override would not reach it).
    """
    from django.core.files.storage import FileSystemStorage

    from submissions.models import Attachment

    folder = tmp_path / "attachments"
    monkeypatch.setattr(
        Attachment._meta.get_field("file"), "storage", FileSystemStorage(location=folder)
    )
    return folder
