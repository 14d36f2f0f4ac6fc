"""The shared cache of public pages, and its invalidation when content changes.

Pages are stored under a key that includes a content version; any change to
public content increases the version, so every cached page is out of date at
once and an editor's publish shows immediately. The version lives in the
shared cache (Redis in production), so every app server sees the same one.

Some pages change with the clock alone: a call opens or closes at its set time,
and "days left" counts down at midnight. The version also moves on at the next
such moment, so a closed call never shows as open from the cache.

Each app says what is public in its AppConfig: `public_models`, the names of its
models whose rows appear on public pages, and optionally `next_public_change(moment)`,
the next moment after `moment` at which its pages change by the clock alone.
"""

import contextlib
import contextvars
import datetime
import functools
import hashlib
import time

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.utils import timezone
from django.utils.cache import patch_cache_control

VERSION_KEY = "public-content-version"
CLOCK_KEY = "public-content-changes-at"
PAGE_TIMEOUT = 60 * 60  # a changed version makes pages stale sooner


def public_models() -> list[type]:
    """The models whose rows appear on public pages, as each app declares them."""
    return [
        config.get_model(name)
        for config in apps.get_app_configs()
        for name in getattr(config, "public_models", ())
    ]


# This process's last known version: a page is looked for under it in the same read
# as the version itself (`cached_page`). Only a guess; a wrong one costs a second read.
_known: dict = {}


def content_version() -> int:
    """The current version of public content; moves on when content changes or
    when the clock reaches a moment at which pages change by themselves."""
    return _current_version(cache.get_many([VERSION_KEY, CLOCK_KEY]))


def cached_page(key_for) -> tuple[str, object]:
    """The key of a page under the current content version (`key_for(version)`), and
    what the cache holds there (None if nothing): one read of the shared cache when the
    version is the one this process knows, else two."""
    guess = _known.get("version")
    keys = [VERSION_KEY, CLOCK_KEY] + ([key_for(guess)] if guess is not None else [])
    stored = cache.get_many(keys)  # one round trip when all is known
    version = _current_version(stored)
    key = key_for(version)
    return key, stored.get(key) if version == guess else cache.get(key)


def _current_version(stored: dict) -> int:
    version = stored.get(VERSION_KEY) or _stored_version()
    # (the version it was worked out for, the next moment pages change by the clock)
    clock = stored.get(CLOCK_KEY)
    now = timezone.now()
    if clock and clock[0] == version and now >= clock[1]:
        content_changed()
        version, clock = _stored_version(), None
    if not clock or clock[0] != version:
        cache.set(CLOCK_KEY, (version, next_change_by_clock(now)), PAGE_TIMEOUT)
    _known["version"] = version
    return version


def first_version() -> int:
    """A version for a cache that has lost its own (evicted, culled, emptied): the
    microseconds of the clock, above any version counted up since, so that no page
    stored under an earlier version is ever served as current."""
    return time.time_ns() // 1000


def _stored_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, first_version(), None)
        version = cache.get(VERSION_KEY) or first_version()
    return version


def next_change_by_clock(now: datetime.datetime) -> datetime.datetime:
    """The next midnight in Helsinki (days left), or sooner the next time a call opens or closes."""
    today = timezone.localdate(now)
    midnight = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time())
    moments = [timezone.make_aware(midnight)]
    for config in apps.get_app_configs():
        if hasattr(config, "next_public_change"):
            moments.append(config.next_public_change(now))
    return min(moment for moment in moments if moment is not None)


def content_changed(**_kwargs) -> None:
    """Make every cached public page stale. Bulk writes that send no signals call this."""
    cache.add(VERSION_KEY, first_version(), None)
    try:
        _known["version"] = cache.incr(VERSION_KEY)
    except ValueError:  # evicted between add and incr
        _known["version"] = first_version()
        cache.set(VERSION_KEY, _known["version"], None)


_deferred: contextvars.ContextVar[bool] = contextvars.ContextVar("cache_deferred", default=False)

# Sent at the end of `invalidation_deferred`: what skipped the rows one by one (the
# search index) catches up once.
content_restored = Signal()


def changes_deferred() -> bool:
    """Whether many rows are being written at once (a restore), to be caught up at the end."""
    return _deferred.get()


@contextlib.contextmanager
def invalidation_deferred():
    """Writes of many public rows at once (a restore) make the pages stale once, at the
    end, instead of once for every row and relation they save."""
    token = _deferred.set(True)
    try:
        yield
        _deferred.reset(token)
        token = None
        content_restored.send(sender=invalidation_deferred)
    finally:
        if token is not None:
            _deferred.reset(token)
        content_changed()
        transaction.on_commit(content_changed, robust=True)


def content_saved(instance=None, **_kwargs) -> None:
    """A public row changed: stale now, and again once the change is committed, since a
    visitor served between the two would otherwise cache the old content as current.

    A row of a public model that says it is not shown (`shown_publicly` False: a
    visitor's report waiting for an editor) changes nothing a visitor sees, so a
    visitor's form cannot make every page and the facets' index be made anew."""
    if _deferred.get() or getattr(instance, "shown_publicly", True) is False:
        return
    content_changed()
    # Robust: the change is committed; a cache that fails now must not make it an error.
    transaction.on_commit(content_changed, robust=True)


def connect_signals() -> None:
    for model in public_models():
        label = model._meta.label
        post_save.connect(content_saved, sender=model, dispatch_uid=f"cache-save-{label}")
        post_delete.connect(content_saved, sender=model, dispatch_uid=f"cache-delete-{label}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                content_saved,
                sender=field.remote_field.through,
                dispatch_uid=f"cache-m2m-{label}-{field.name}",
            )


def accepted_parameters(view, declared) -> frozenset | None:
    """The query parameters a cached view reads: a class-based view says so itself
    (`query_parameters()`, None for any), others are given them when wrapped."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None and hasattr(view_class, "query_parameters"):
        return view_class.query_parameters()
    return frozenset(declared)


def page_key(address: str, version) -> str:
    """The key a page is stored under: its absolute address, under a content version."""
    return f"page:{version}:{hashlib.sha256(address.encode()).hexdigest()}"


def cache_public_page(view, *, params=()):
    """Serve the page from the shared cache when nothing public has changed since.

    Only plain GETs of pages that set no cookie are stored; browsers get an
    ETag (ConditionalGetMiddleware) and revalidate with it. A query parameter the
    page does not read is sent on, permanently, to the address without it: each new
    `?x=1` was once a new render and a new stored copy, so one visitor could fill the
    cache's disk and keep every worker rendering a 10 MB sitemap. A response marked
    `page_cache_skip` (a list with filter values that match nothing) is not stored.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        accepted = accepted_parameters(view, params)
        if accepted is not None and not accepted.issuperset(request.GET):
            kept = request.GET.copy()
            for name in set(kept) - accepted:
                del kept[name]
            query = kept.urlencode()
            return HttpResponsePermanentRedirect(request.path + (f"?{query}" if query else ""))
        # Pages hold absolute addresses (canonical links, feeds, sitemaps), so the
        # scheme and host are part of what is stored, not only the path.
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        key, stored = cached_page(lambda version: page_key(address, version))
        if stored is not None:
            content, content_type, language = stored
            response = HttpResponse(content, content_type=content_type)
            if language:
                response["Content-Language"] = language
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if (
                response.status_code == 200
                and not response.cookies
                and not response.streaming
                and not getattr(response, "page_cache_skip", False)
            ):
                cache.set(
                    key,
                    (response.content, response["Content-Type"], response.get("Content-Language")),
                    PAGE_TIMEOUT,
                )
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return response

    return wrapper
