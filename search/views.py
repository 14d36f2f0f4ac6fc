"""The site search over every registered kind of content, and the faceted list view
the content apps' lists are made of."""

import dataclasses

from django.core.paginator import InvalidPage
from django.http import Http404
from django.views.generic import TemplateView
from django_filters.views import FilterView

from .engine import RankedPaginator, Search, best_first, best_ids, is_close
from .registry import Searchable, searchables


class FacetedListView(FilterView):
    """A paginated list with its facets and their counts (a FacetedFilterSet)."""

    # Unknown filter values are reported beside their facet; the valid ones still apply.
    strict = False
    paginate_by = 25

    @classmethod
    def query_parameters(cls) -> frozenset:
        """What the list reads from its address (website.cache.cache_public_page)."""
        return frozenset(cls.filterset_class.base_filters) | {cls.page_kwarg}

    def get_context_data(self, **kwargs):
        self.counted = self.filterset.count()  # before paginating, which needs the total
        context = super().get_context_data(**kwargs)
        context["facets"] = self.counted.facets
        context["filtered"] = self.filterset.has_selection
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # Values that match no choice are as many as anyone can type: not kept in the cache.
        response.page_cache_skip = any(facet.errors for facet in self.counted.facets)
        return response

    def get_paginator(self, queryset, per_page, **kwargs):
        return self.counted.paginator(queryset, per_page)


class SearchView(TemplateView):
    """One search over every kind of content the apps register (search.registry).

    Without a type the results come in short sections, one per kind; with a type,
    one list with the facets of that kind's own list page, the search term kept.
    """

    template_name = "search/search.html"
    section_size = 5
    paginate_by = 20

    @classmethod
    def query_parameters(cls) -> None:
        """Any: the words and each kind's facets (the search is rate-limited per visitor)."""
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = Search.parse(self.request.GET.get("q", ""))
        kinds = {searchable.kind: searchable for searchable in searchables()}
        kind = self.request.GET.get("type")
        if kind not in kinds:
            kind = "all"
        context.update(search=search, kind=kind, kinds=kinds.values(), query=search.text)
        if search.is_empty:
            return context
        if kind == "all":
            context["sections"] = self._sections(kinds.values(), search)
            found = any(section["results"] for section in context["sections"])
        else:
            context.update(self._typed(kinds[kind], search))
            found = bool(context["results"])
        if not found:
            context["nothing_found"] = self._ways_on(search, kinds.values())
        return context

    def _ways_on(self, search: Search, kinds) -> dict:
        """When nothing is found: a spelling from the index's vocabulary, the topics
        whose names are close, and the lists to browse, so that no page ends there."""
        topics = [
            (label, url)
            for searchable in kinds
            if searchable.topics
            for names, label, url in searchable.topics()
            if is_close(search, names)
        ]
        # With or without a type: the spelling the catalogue knows is worth seeing even
        # where the corrected words found nothing either (a word of a practice since
        # withdrawn), and with a type they may find other kinds of content.
        return {
            "suggestion": search.suggestion(),
            "topics": topics[:5],
            "browse": [
                (searchable.browse_label, searchable.browse_url())
                for searchable in kinds
                if searchable.browse_url
            ],
        }

    def _typed(self, searchable: Searchable, search: Search) -> dict:
        """One kind's results with its facets, one page of them."""
        results = relaxed(search, searchable)
        context = {"search": search, "searchable": searchable}
        if searchable.filterset_class:
            filterset = searchable.filterset_class(
                self.request.GET, queryset=results, search_results=True
            )
            counted = filterset.count()
            context.update(
                facets=counted.facets, filter=filterset, filtered=filterset.has_selection
            )
            paginator = counted.paginator(filterset.qs, self.paginate_by, RankedPaginator)
        else:
            paginator = RankedPaginator(results, self.paginate_by)
        try:
            page = paginator.page(self.request.GET.get("page") or 1)
        except InvalidPage as error:
            raise Http404(str(error)) from error
        search.snippets(page.object_list, searchable.spec)
        context.update(page_obj=page, paginator=paginator, results=page.object_list)
        return context

    def _sections(self, kinds, search: Search) -> list[dict]:
        """A few of the best results of each kind, and whether there are more.

        Each kind loosens its matching on its own until something is found, but the
        kinds still looking are asked together, one query a step (`best_ids`), so
        the page's queries stay few however many steps it takes.
        """
        kinds = {searchable.kind: searchable for searchable in kinds}
        searches = {kind: dataclasses.replace(search) for kind in kinds}
        results, ids = {}, {}
        looking = list(kinds)
        while looking:
            for kind in looking:
                results[kind] = searches[kind].apply(kinds[kind].queryset(), kinds[kind].spec)
            # One more than shown tells whether there are more, without counting them all.
            found = best_ids({kind: results[kind] for kind in looking}, self.section_size + 1)
            ids.update(found)
            looking = [
                kind
                for kind in looking
                if not found[kind] and searches[kind].relax(results[kind].model, kinds[kind].spec)
            ]
        sections = []
        for kind, searchable in kinds.items():
            top = best_first(results[kind], ids[kind][: self.section_size])
            searches[kind].snippets(top, searchable.spec)
            sections.append(
                {
                    "kind": kind,
                    "searchable": searchable,
                    "more": len(ids[kind]) > self.section_size,
                    "results": top,
                    "search": searches[kind],
                }
            )
        return sections


def relaxed(search: Search, searchable: Searchable):
    """The search's results; when there are none, looser matching until something is found."""
    results = search.apply(searchable.queryset(), searchable.spec)
    while not results.exists() and search.relax(results.model, searchable.spec):
        results = search.apply(searchable.queryset(), searchable.spec)
    return results
