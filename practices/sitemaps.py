"""The practices in sitemap.xml (website.sitemaps)."""

from website.sitemaps import CatalogueSitemap

from .models import Practice


class PracticeSitemap(CatalogueSitemap):
    priority = 0.8

    def items(self):
        return Practice.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, practice):
        return practice.updated_at
