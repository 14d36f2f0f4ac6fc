"""System checks of the site's shared state (`manage.py check`)."""

import os
import re

from django.conf import settings
from django.core import checks

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
