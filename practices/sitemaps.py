"""sitemap.xml: every public page in every language, with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Practice


class CatalogueSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(CatalogueSitemap):
    priority = 0.6
    changefreq = "weekly"

    def items(self):
        return [
            "practices:home",
            "practices:list",
            "practices:criteria",
            "practices:accessibility",
            "submissions:calls",
            "submissions:privacy",
            "projects:list",
        ]

    def location(self, item):
        return reverse(item)


class PracticeSitemap(CatalogueSitemap):
    priority = 0.8

    def items(self):
        return Practice.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, practice):
        return practice.updated_at
