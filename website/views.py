"""Views that serve the whole site: health, robots.txt, the accessibility statement,
and the answers to requests it refuses."""

import datetime
import uuid

from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.functional import Promise
from django.views import defaults
from django.views.generic import TemplateView
from rest_framework.exceptions import ParseError

from .audit import audit

API_ROUTE = "api/"  # the API's addresses begin /api/


def is_api(request) -> bool:
    return request.path_info.startswith(f"/{API_ROUTE}")


def bad_request(request, exception=None):
    """handler400, also for requests refused before any view ran: a NUL character, a bad
    Host header, a body larger than the site reads (then 413).

    JSON under the API, the site's page elsewhere, in the visitor's language: the
    request may be refused before LocaleMiddleware has chosen one. The pages are
    rendered without the request, whose context processors could fail again on what
    made the request bad (a refused Host header).
    """
    with translation.override(translation.get_language_from_request(request, check_path=True)):
        if isinstance(exception, RequestDataTooBig):
            if is_api(request):
                return JsonResponse({"detail": str(exception)}, status=413)
            page = render_to_string("request_too_large.html", {"back": request.path})
            return HttpResponse(page, status=413)
        if is_api(request):
            return JsonResponse({"detail": str(ParseError.default_detail)}, status=400)
        return HttpResponseBadRequest(render_to_string("400.html"))


def server_error(request):
    """handler500: JSON under the API, as its clients expect; the static page elsewhere
    (in three languages: rendering anything more could fail again)."""
    if is_api(request):
        return JsonResponse({"detail": "A server error occurred."}, status=500)
    return defaults.server_error(request)


def is_admin(request) -> bool:
    """Whether the request is for the admin (in any of the site's languages)."""
    try:
        return request.path_info.startswith(reverse("admin:index"))
    except NoReverseMatch:
        return False


def admin_error(request, template: str, status: int, exception=None) -> HttpResponse:
    """The admin's own page for a refused or missing page, in the admin's frame: what
    happened and where to go from there."""
    reason = exception.args[0] if exception is not None and exception.args else ""
    context = {
        **admin.site.each_context(request),
        "title": "",
        # Only the project's own explanations (a string it raised), never a repr.
        "reason": reason if isinstance(reason, str | Promise) else "",
    }
    return HttpResponse(render_to_string(template, context, request=request), status=status)


def permission_denied(request, exception=None):
    """handler403, and a line in the audit log: a refused permission is worth knowing of."""
    audit("permission_refused", user=request.user, path=request.path[:200])
    if is_admin(request):
        return admin_error(request, "admin/403.html", 403, exception)
    return defaults.permission_denied(request, exception)


class NotFoundExplained(Http404):
    """A 404 whose message, written for the reader and translated, the admin's page shows
    (Django's own 404 messages are for developers)."""


def page_not_found(request, exception=None):
    """handler404: the admin's own page under the admin, the site's elsewhere."""
    if is_admin(request):
        explained = exception if isinstance(exception, NotFoundExplained) else None
        return admin_error(request, "admin/404.html", 404, explained)
    return defaults.page_not_found(request, exception)


def health(request):
    """For load balancers and monitoring: is the database (and the cache) answering?"""
    report = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any failure of the database is the answer
        report["database"] = "unavailable"
    try:
        # Written and read back: a cache that takes writes but keeps nothing (a full or
        # misconfigured one) would make every page render from scratch, unnoticed.
        key = f"health-check:{uuid.uuid4().hex}"  # one per check: workers check at once
        cache.set(key, 1, 10)
        if cache.get(key) != 1:
            report["cache"] = "not keeping entries"
        cache.delete(key)
    except Exception:
        report["cache"] = "unavailable"
    healthy = report["database"] == "ok"
    report["status"] = "ok" if healthy else "unavailable"
    response = JsonResponse(report, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


def robots_txt(request):
    """What search engines may index: not the admin, the search, the API or private pages."""
    lines = ["User-agent: *"]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            lines.append(f"Disallow: /{code}/admin/")
            lines.append(f"Disallow: {reverse('search:search')}")
            status = reverse("submissions:status", kwargs={"token": "x"}).rsplit("x/", 1)[0]
            lines.append(f"Disallow: {status}")
            lines.append(f"Disallow: {reverse('practices:csv')}")
            lines.append(f"Disallow: {reverse('projects:csv')}")
    lines += [
        f"Disallow: /{API_ROUTE}",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class AccessibilityStatementView(TemplateView):
    template_name = "website/accessibility.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["feedback_email"] = settings.ACCESSIBILITY_FEEDBACK_EMAIL
        context["statement_date"] = datetime.date.fromisoformat(
            settings.ACCESSIBILITY_STATEMENT_DATE
        )
        return context
