"""The Atom feed of new practices, in the language of the address."""

from django.urls import reverse
from django.utils.translation import gettext as _

from website.feeds import CatalogueFeed
from website.i18n import translated

from .models import Practice


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
