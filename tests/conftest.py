import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _empty_cache(django_db_setup, django_db_blocker):
    """Each test starts with no cached pages. The cache is a table of the test
    database, as in production without Redis; it is emptied whatever database
    access the test itself has."""
    from django.core.cache import cache
    from django.db import connection

    with django_db_blocker.unblock():
        cache.clear()
    yield
    # Inside a test's transaction what the test cached is rolled back with it (and the
    # transaction may be broken by an error the test expects); after a test that
    # commits, the cache is emptied here.
    if not connection.in_atomic_block:
        with django_db_blocker.unblock():
            cache.clear()


@pytest.fixture
def cache_in_memory(settings):
    """The page cache in this process's memory, for tests that count a page's own
    database queries: with the default cache, a table of the database, reading and
    storing the page would add queries of that table (in production with Redis,
    none)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


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
