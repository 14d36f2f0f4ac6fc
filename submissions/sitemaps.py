from website.sitemaps import CatalogueSitemap

from .models import Call


class CallSitemap(CatalogueSitemap):
    priority = 0.7

    def items(self):
        return Call.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, call):
        return call.updated_at
