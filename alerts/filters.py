"""The filter of a subscription: checked by the practice list's own filterset, and told
in words to the visitor (the page where they subscribe, every e-mail)."""

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from practices.filters import PracticeFilter
from practices.searchable import SEARCH_PARAMETER, filter_query, search_words_usable

from .models import Subscription

QUERY_MAX_LENGTH = Subscription._meta.get_field("query").max_length


def filter_errors(query: str) -> list[str]:
    """What is wrong with the filter, in the visitor's language: the filterset's own
    messages ("x is not one of the choices"), each with its facet's name."""
    if len(query) > QUERY_MAX_LENGTH:
        return [str(_("The filter is too long to follow. Choose fewer values or search words."))]
    if not search_words_usable(QueryDict(query)):
        return [str(_("The search words have nothing to look for. Use words that tell the topic."))]
    filterset = PracticeFilter(QueryDict(query))
    if filterset.is_valid():
        return []
    return [
        f"{filterset.filters[name].label}: {message}"
        for name, messages in filterset.form.errors.items()
        for message in messages
    ]


def filter_described(query: str) -> list[tuple[str, list[str]]]:
    """Each part of the filter as (the facet's name, the names of the chosen values), in
    the active language; an empty list for every practice."""
    data = QueryDict(query)
    filterset = PracticeFilter(data)
    parts = []
    if data.get(SEARCH_PARAMETER):
        parts.append((str(_("Search words")), [data[SEARCH_PARAMETER]]))
    for name in filterset.facet_names:
        values = data.getlist(name)
        if not values:
            continue
        names = dict(filterset.form.fields[name].choices or [])
        parts.append((str(filterset.filters[name].label), [str(names.get(v, v)) for v in values]))
    return parts


__all__ = ["filter_described", "filter_errors", "filter_query"]
