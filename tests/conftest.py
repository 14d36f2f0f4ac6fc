"""Fixtures shared by the whole suite.

Settings and state every test starts from (an empty cache, attachments in a folder
of the test's own); the staff of each role and a client logged in as each; an open
call with the six criteria and a coordinator's filled-in form. A superuser and a
client logged in as one are pytest-django's `admin_user` and `admin_client`.
Browser-only fixtures are in tests/browser/conftest.py; plain helpers are modules
(tests/factories.py, tests/files.py), never imported from a conftest.
"""

import time

import pytest
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.utils import translation

from practices.models import Municipality, Region
from submissions.models import Attachment
from tests.factories import (
    CallFactory,
    CriterionFactory,
    MunicipalityFactory,
    ThemeFactory,
    UserFactory,
)
from website.spam import form_token_new

# The database settings name before any test database replaces them.
DEVELOPERS_DATABASE = connection.settings_dict["NAME"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The migrations load every municipality of Finland (practices/data/); each test
    makes the places it needs, so the test database starts without them.
    tests/practices/test_municipalities.py loads the shipped file itself.

    A run with no database test sets up no test database: the connection then still
    names the developer's own database, which must not be touched."""
    if connection.settings_dict["NAME"] == DEVELOPERS_DATABASE:
        return
    with django_db_blocker.unblock():
        Municipality.objects.all().delete()
        Region.objects.all().delete()


@pytest.fixture(autouse=True)
def _empty_cache(django_db_setup, django_db_blocker):
    """Each test starts with no cached pages. The cache is a table of the test
    database, as in production without Redis; it is emptied whatever database
    access the test itself has. A run without a test database leaves the developer's
    cache alone."""
    if connection.settings_dict["NAME"] == DEVELOPERS_DATABASE:
        yield
        return
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


def pytest_collection_modifyitems(config, items):
    """The browser tests (tests/browser/) run in CI's SQLite pass only. They check what
    a visitor sees and does through a live server; what differs between the databases
    is tested by every other test, which the PostgreSQL pass runs. Running them twice
    took CI past its 30 minutes."""
    if connection.vendor == "postgresql":
        once = pytest.mark.skip(reason="browser test: runs in CI's SQLite pass")
        for item in items:
            if "tests/browser/" in str(item.path):
                item.add_marker(once)


@pytest.fixture(autouse=True)
def _postgres_only(request):
    """Tests marked `postgres` run on PostgreSQL (in CI's second run) and are skipped on SQLite."""
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (full-text search); runs in CI's PostgreSQL pass")


@pytest.fixture(autouse=True)
def attachment_folder(tmp_path, monkeypatch):
    """Attachments stored by a test go to a folder of its own, never the project's private/.

    The file field resolved its storage when the model was loaded, so the field
    itself is pointed at the folder (a settings override would not reach it).
    """
    folder = tmp_path / "attachments"
    monkeypatch.setattr(
        Attachment._meta.get_field("file"), "storage", FileSystemStorage(location=folder)
    )
    return folder


# The staff --------------------------------------------------------------------


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", groups=["Editors"])


@pytest.fixture
def juror(db):
    return UserFactory(username="juror", groups=["Jury"])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def juror_client(client, juror):
    client.force_login(juror)
    return client


# A call and a coordinator's form ----------------------------------------------


@pytest.fixture
def criteria(db):
    names = [
        ("goal-oriented", "Tavoitteellinen", "Målinriktad", "Goal-oriented"),
        ("customer-responsive", "Asiakaslähtöinen", "Kundorienterad", "Customer-responsive"),
        (
            "context-sensitive",
            "Tilanteeseen sopiva",
            "Anpassad till situationen",
            "Context-sensitive",
        ),
        ("high-impact", "Vaikuttava", "Verkningsfull", "High-impact"),
        ("capable-of-being-modelled", "Mallinnettava", "Avbildbar", "Capable of being modelled"),
        ("can-be-generalised", "Yleistettävä", "Generaliserbar", "Can be generalised"),
    ]
    return [
        CriterionFactory(slug=slug, position=n, name_fi=fi, name_sv=sv, name_en=en)
        for n, (slug, fi, sv, en) in enumerate(names, start=1)
    ]


@pytest.fixture
def open_call(db):
    return CallFactory(slug="mentoring", contact_email="editors@example.org")


@pytest.fixture
def form_data(criteria):
    """Everything a coordinator fills in, with a form opened a minute ago."""
    municipality = MunicipalityFactory(slug="oulu")
    theme = ThemeFactory(slug="mentoring")
    data = {
        "form_token": form_token_new(started=time.time() - 60),
        "website": "",
        "title": "Työelämämentorit",
        "organisation": "Yhdistys ry",
        "municipalities": [str(municipality.pk)],
        "themes": [str(theme.pk)],
        "summary": "Mentorit tukevat työnhakua.",
        "goal": "Työpaikka.",
        "how_it_works": "Tapaamiset kahden viikon välein.",
        "results": "Palaute oli hyvää.",
        "resources": "Koordinaattori.",
        "adoption": "Mentorit ja koordinaattori.",
        "links": "https://example.org/malli\nhttps://example.org/video",
        "contact_name": "Maija Meikäläinen",
        "contact_email": "maija@example.org",
        "contact_phone": "+358 40 123 4567",
        "language": "fi",
        "consent": "on",
    }
    for criterion in criteria:
        data[f"criterion_{criterion.slug}"] = f"Näin: {criterion.name_fi}."
    return data
