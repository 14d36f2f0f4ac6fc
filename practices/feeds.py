"""Atom feeds of new practices and of open calls, in the language of the address."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .api import LICENSE_URL
from .i18n import translated
from .models import Practice


class CatalogueFeed(Feed):
    feed_type = Atom1Feed
    limit = 30

    def feed_copyright(self):
        return f"CC BY 4.0 – {LICENSE_URL}"

    def item_title(self, item):
        return translated(item, self.title_field).value

    def item_description(self, item):
        return translated(item, self.summary_field).value


class NewPracticesFeed(CatalogueFeed):
    title_field, summary_field = "title", "summary"

    def title(self):
        return _("New good practices in immigrant integration")

    def subtitle(self):
        return _("Practices that have proven to work, as they are published in the catalogue.")

    def link(self):
        return reverse("practices:list")

    def items(self):
        return Practice.objects.published().newest()[: self.limit]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return translated(item, "organisation").value


class OpenCallsFeed(CatalogueFeed):
    title_field, summary_field = "title", "body"

    def title(self):
        return _("Open calls for good practices")

    def subtitle(self):
        return _("Calls in which organisations can submit their practice now.")

    def link(self):
        return reverse("submissions:calls")

    def items(self):
        from submissions.models import Call

        return Call.objects.open_at(timezone.now()).order_by("-opens_at")[: self.limit]

    def item_pubdate(self, item):
        return item.opens_at

    def item_updateddate(self, item):
        return item.updated_at
