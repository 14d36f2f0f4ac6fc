"""The site's addresses: each app's own, put together here (docs/architecture.md)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from practices.sitemaps import PracticeSitemap
from projects.sitemaps import ProjectSitemap
from submissions.sitemaps import CallSitemap
from website import views as website
from website.api import not_found as api_not_found
from website.cache import cache_public_page
from website.sitemaps import StaticPagesSitemap
from website.views import API_ROUTE

# Refused permissions go to the audit log. Requests refused before or by a view (a NUL
# character, a bad Host header, a body over the limit: 413) get the site's page in
# the visitor's language, or JSON under /api/.
handler403 = "website.views.permission_denied"
handler404 = "website.views.page_not_found"
handler400 = "website.views.bad_request"
handler500 = "website.views.server_error"

SITEMAPS = {
    "pages": StaticPagesSitemap,
    "practices": PracticeSitemap,
    "calls": CallSitemap,
    "projects": ProjectSitemap,
}

urlpatterns = [
    path("health/", website.health, name="health"),
    path("robots.txt", cache_public_page(website.robots_txt), name="robots"),
    path(
        "sitemap.xml",
        cache_public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        cache_public_page(sitemap_views.sitemap, params=("p",)),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path(f"{API_ROUTE}v1/", include("config.api")),
    re_path(f"^{API_ROUTE}", api_not_found),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("website.urls")),
    path("", include("search.urls")),
    path("", include("submissions.urls")),
    path("", include("projects.urls")),
    path("", include("practices.urls")),
    path("", include("alerts.urls")),
)
