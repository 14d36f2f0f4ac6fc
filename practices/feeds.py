"""Atom feeds of new practices and of open calls, in the language of the address."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .api import LICENSE_URL
from .i18n import translated
from .models import Practice


class PlainTextAtom1Feed(Atom1Feed):
    """Atom whose entry summaries say what they are: plain text, as every text of the catalogue.

    Django's Atom1Feed marks each summary `type="html"`, which tells feed readers to
    render a practice's "<img onerror=…>" as markup instead of showing it.
    """

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class CatalogueFeed(Feed):
    feed_type = PlainTextAtom1Feed
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
