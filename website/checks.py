"""System checks of the site's shared state (`manage.py check`)."""

import os
import re

from django.conf import settings
from django.core import checks
from django.db import connections

from .i18n import DATABASE_COLLATIONS

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def configured_workers() -> int:
    """How many gunicorn workers the environment asks for: `WEB_CONCURRENCY` (gunicorn's
    default for --workers) or `--workers`/`-w` in `GUNICORN_CMD_ARGS`. A number given
    only on gunicorn's own command line is not seen here."""
    found = [os.environ.get("WEB_CONCURRENCY", "")]
    found += re.findall(r"(?:--workers[ =]|-w ?)([0-9]+)", os.environ.get("GUNICORN_CMD_ARGS", ""))
    return max((int(value) for value in found if re.fullmatch(r"[0-9]{1,6}", value)), default=1)


@checks.register(checks.Tags.caches)
def cache_shared_by_workers(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Each worker with a cache of its own serves stale pages after a change and
    counts rate limits on its own."""
    backend = settings.CACHES["default"]["BACKEND"]
    workers = configured_workers()
    if backend in PER_PROCESS_CACHES and workers > 1:
        return [
            checks.Warning(
                f"The default cache ({backend}) lives in one process, but {workers} "
                "workers are configured: each would serve its own stale pages and count "
                "its own rate limits.",
                hint="Use the database cache (the default) or set REDIS_URL.",
                id="website.W001",
            )
        ]
    return []


def collations_of(connection) -> set[str]:
    """The names of the collations the database knows."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT collname FROM pg_collation")
            return {name for (name,) in cursor.fetchall()}
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA collation_list")
            return {name for _seq, name in cursor.fetchall()}
    return set(DATABASE_COLLATIONS.values())  # no other database is supported


def postgresql_has_icu(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT FROM pg_collation WHERE collprovider = 'i')")
        return cursor.fetchone()[0]


@checks.register(checks.Tags.database)
def database_collations(app_configs, databases=None, **kwargs) -> list[checks.CheckMessage]:
    """Lists of names are sorted in the visitor's alphabet by the database (website.i18n:
    `collated_order`); without the collations every such list fails. Run by `migrate` and
    `check --database default`."""
    errors = []
    for alias in databases or ():
        connection = connections[alias]
        missing = sorted(set(DATABASE_COLLATIONS.values()) - collations_of(connection))
        if not missing:
            continue
        if connection.vendor != "postgresql":
            hint = "They are registered on each new connection by the website app: is it installed?"
        elif not postgresql_has_icu(connection):
            hint = (
                "This PostgreSQL was built without ICU (no ICU collation at all): install "
                "a build with ICU support (configure --with-icu; the PGDG and distribution "
                "packages have it)."
            )
        else:
            hint = (
                "PostgreSQL has ICU but not these collations: import them as a superuser "
                "with SELECT pg_import_system_collations('pg_catalog');"
            )
        errors.append(
            checks.Error(
                f"The database {alias!r} lacks the collation(s) {', '.join(missing)}, by "
                "which lists are sorted in Finnish, Swedish and English.",
                hint=hint,
                id="website.E001",
            )
        )
    return errors
