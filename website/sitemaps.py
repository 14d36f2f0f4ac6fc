"""sitemap.xml: every public page in every language, with hreflang alternates.

Each app has a sitemap of its own objects; config/urls.py puts them together.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class CatalogueSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def get_urls(self, *args, **kwargs):
        """Django writes x-default without a language prefix, an address that does not exist
        here (every URL has one); point it at the default language's page, as pages do."""
        urls = super().get_urls(*args, **kwargs)
        for url in urls:
            by_lang = {alt["lang_code"]: alt for alt in url["alternates"]}
            if "x-default" in by_lang and settings.LANGUAGE_CODE in by_lang:
                by_lang["x-default"]["location"] = by_lang[settings.LANGUAGE_CODE]["location"]
        return urls


class StaticPagesSitemap(CatalogueSitemap):
    priority = 0.6
    changefreq = "weekly"

    def items(self):
        return [
            "practices:home",
            "practices:list",
            "practices:criteria",
            "website:accessibility",
            "submissions:calls",
            "submissions:privacy",
            "projects:list",
        ]

    def location(self, item):
        return reverse(item)
