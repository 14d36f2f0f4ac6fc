"""Several workers, one truth: what one process changes, a page served by another
process shows at once (the page cache and its version live in a shared cache)."""

import io
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from website.checks import cache_shared_by_workers

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable

SETUP = """
from django.utils import timezone
from practices.models import Practice
Practice.objects.create(slug="shared", title_fi="Jaettu", summary_fi="S.", organisation_fi="O",
                        status="published", published_at=timezone.now())
"""
ARCHIVE = """
from practices.models import Practice
practice = Practice.objects.get(slug="shared")
practice.status = "archived"
practice.save()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def production_like(tmp_path):
    """The project's own settings on a fresh SQLite file, DEBUG off, no REDIS_URL."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        SECRET_KEY="a-secret-only-for-this-test",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
        DEBUG="false",
        PYTHONPATH=str(ROOT),
    )
    env.pop("PYTEST_CURRENT_TEST", None)

    def manage(*args, stdin: str | None = None) -> None:
        subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=env,
            input=stdin,
            text=True,
            check=True,
            capture_output=True,
        )

    manage("migrate", "--noinput")
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "config.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            status_of(f"{base}/health/")
            break
        except OSError:
            time.sleep(0.1)
    yield manage, base
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=10)


def test_a_change_made_by_one_process_is_seen_at_once_by_a_page_another_serves(
    production_like, tmp_path
):
    manage, base = production_like
    manage("shell", stdin=SETUP)
    page = f"{base}/fi/hyvat-kaytannot/shared/"
    assert status_of(page) == 200
    assert status_of(page) == 200  # now served from the cache

    manage("shell", stdin=ARCHIVE)  # an editor's change, in another process
    assert status_of(page) == 404

    projects = f"{base}/fi/hankkeet/"
    before = urllib.request.urlopen(projects).read().decode()
    assert "Yhteinen hanke" not in before
    archive = tmp_path / "projects.csv"
    archive.write_text("source_id,name_fi,level\nS-1,Yhteinen hanke,local\n", encoding="utf-8")
    manage("import_projects", str(archive), "--no-progress")
    assert "Yhteinen hanke" in urllib.request.urlopen(projects).read().decode()


def test_check_warns_of_a_cache_in_one_process_with_several_workers(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    ):
        assert [message.id for message in cache_shared_by_workers(None)] == ["website.W001"]
    assert cache_shared_by_workers(None) == []  # the default: the database's cache
    monkeypatch.setenv("WEB_CONCURRENCY", "1")
    monkeypatch.setenv("GUNICORN_CMD_ARGS", "--bind 0.0.0.0:80 --workers=3")
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    ):
        out = io.StringIO()
        call_command("check", stdout=out, stderr=out)
        assert "website.W001" in out.getvalue()
