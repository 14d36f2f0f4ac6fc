"""The Atom feed of new practices, in the language of the address, narrowed by the same
filters as the list (`?theme=…&size=…`) and the search words (`?q=…`)."""

from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from website.feeds import CatalogueFeed
from website.i18n import translated

from .filters import PracticeFilter
from .models import Practice
from .searchable import PRACTICES, SEARCH_PARAMETER, filter_query, practices_matching


class NewPracticesFeed(CatalogueFeed):
    title_field, summary_field = "title", "summary"

    def get_object(self, request, *args, **kwargs) -> QueryDict:
        """The filter of the address; a value no list offers is a page that does not exist
        (and so is never stored in the page cache)."""
        if not PracticeFilter(request.GET).is_valid():
            raise Http404(_("No such filter."))
        return QueryDict(filter_query(request.GET))

    def title(self, query):
        if query:
            return _("New good practices in immigrant integration (filtered)")
        return _("New good practices in immigrant integration")

    def subtitle(self):
        return _("Practices that have proven to work, as they are published in the catalogue.")

    def link(self, query):
        """The list with the same filter; with search words, the search page's list."""
        if SEARCH_PARAMETER in query:
            return f"{reverse('search:search')}?type={PRACTICES.kind}&{query.urlencode()}"
        return reverse("practices:list") + (f"?{query.urlencode()}" if query else "")

    def feed_url(self, query):
        return reverse("practices:feed") + (f"?{query.urlencode()}" if query else "")

    def items(self, query):
        matching = practices_matching(query, Practice.objects.published())
        return matching.newest()[: self.limit]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return translated(item, "organisation").value
