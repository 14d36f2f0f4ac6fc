"""The Atom feed of open calls, in the language of the address."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from website.feeds import CatalogueFeed

from .models import Call


class OpenCallsFeed(CatalogueFeed):
    title_field, summary_field = "title", "body"

    def title(self):
        return _("Open calls for good practices")

    def subtitle(self):
        return _("Calls in which organisations can submit their practice now.")

    def link(self):
        return reverse("submissions:calls")

    def items(self):
        return Call.objects.open_at(timezone.now()).order_by("-opens_at")[: self.limit]

    def item_pubdate(self, item):
        return item.opens_at

    def item_updateddate(self, item):
        return item.updated_at
