"""The shared cache of public pages, and its invalidation when content changes.

Pages are stored under a key that includes a content version; any change to
public content increases the version, so every cached page is out of date at
once and an editor's publish shows immediately. The version lives in the
shared cache (Redis in production), so every app server sees the same one.
"""

import functools
import hashlib

from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

VERSION_KEY = "public-content-version"
PAGE_TIMEOUT = 60 * 60  # a changed version makes pages stale sooner

# Models whose rows appear on public pages.
PUBLIC_MODELS = [
    "practices.Theme",
    "practices.TargetGroup",
    "practices.IntegrationPhase",
    "practices.Region",
    "practices.Municipality",
    "practices.Criterion",
    "practices.SelectionRound",
    "practices.Practice",
    "practices.PracticeLink",
    "practices.CriterionAssessment",
    "projects.Project",
    "projects.ProjectFunding",
    "projects.ProjectLink",
    "submissions.Call",
]


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY, 1)
    return version


def content_changed(**_kwargs) -> None:
    """Make every cached public page stale. Bulk writes that send no signals call this."""
    cache.add(VERSION_KEY, 1, None)
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # evicted between add and incr
        cache.set(VERSION_KEY, 2, None)


def connect_signals() -> None:
    for label in PUBLIC_MODELS:
        model = apps.get_model(label)
        post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-save-{label}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"cache-delete-{label}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                content_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"cache-m2m-{label}-{field.name}",
            )


def cache_public_page(view):
    """Serve the page from the shared cache when nothing public has changed since.

    Only plain GETs of pages that set no cookie are stored; browsers get an
    ETag (ConditionalGetMiddleware) and revalidate with it.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"page:{content_version()}:{path}"
        stored = cache.get(key)
        if stored is not None:
            content, content_type, language = stored
            response = HttpResponse(content, content_type=content_type)
            if language:
                response["Content-Language"] = language
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200 and not response.cookies and not response.streaming:
                cache.set(
                    key,
                    (response.content, response["Content-Type"], response.get("Content-Language")),
                    PAGE_TIMEOUT,
                )
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return response

    return wrapper
