"""The practices in the site search (search.registry): published ones only."""

from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from search.engine import Search, SearchSpec
from search.registry import Searchable

from .filters import PracticeFilter
from .models import Practice, Theme

PRACTICE_SEARCH = SearchSpec(
    weighted={
        "A": ("title",),
        "B": ("summary", "organisation"),
        "C": ("goal", "how_it_works", "results", "resources", "adoption", "funder"),
    },
    title_field="title",
    snippet_field="summary",
    organisation_field="organisation",
    municipalities="municipalities",
    vocabulary=(
        *(
            f"{relation}__name_{lang}"
            for relation in ("themes", "target_groups", "phases", "municipalities__region")
            for lang in ("fi", "sv", "en")
        ),
        "municipalities__name_fi",
        "municipalities__name_sv",
    ),
)


def themes():
    """Every theme, for the search page that found nothing: its names, label and list."""
    url = reverse("practices:list")
    return [
        (
            (theme.name_fi, theme.name_sv, theme.name_en),
            theme.name,
            f"{url}?{urlencode({'theme': theme.slug})}",
        )
        for theme in Theme.objects.all()
    ]


PRACTICES = Searchable(
    kind="practices",
    label=_("Good practices"),
    queryset=lambda: Practice.objects.published(),
    spec=PRACTICE_SEARCH,
    filterset_class=PracticeFilter,
    position=1,
    browse_label=_("Browse all good practices"),
    browse_url=lambda: reverse("practices:list"),
    topics=themes,
)


# What a list of practices can be narrowed by in its address, besides the order and the
# page: the facets and the search words. The feed and the alerts read these.
SEARCH_PARAMETER = "q"
FILTER_PARAMETERS = frozenset(PracticeFilter.facet_names) | {SEARCH_PARAMETER}


def filter_query(data: QueryDict) -> str:
    """The filter of a list's or a search's address as one normal query string: only the
    filter parameters, each value once and in order, the search words as the search reads
    them (`Search.text_read`: what it leaves unread is not kept, nor sent in an alert).
    Whether the values are valid is the filterset's to say (`PracticeFilter.is_valid`)."""
    pairs = []
    for name in sorted(FILTER_PARAMETERS & set(data)):
        if name == SEARCH_PARAMETER:
            search = Search.parse(data.get(name, ""))
            # Text without a single word finds nothing, and must go on finding nothing.
            words = search.text_read or " ".join(search.text.split())
            pairs += [(name, words)] if words else []
        else:
            pairs += [(name, value) for value in sorted(set(data.getlist(name))) if value]
    return urlencode(pairs)


class FilterRefused(ValueError):
    """The list's filterset refuses a value of the filter (a theme renamed or deleted
    since the filter was saved); `names` are the refused parameters."""

    def __init__(self, names: list[str]):
        self.names = names
        super().__init__(", ".join(names))


def practices_matching(data: QueryDict, queryset: QuerySet) -> QuerySet:
    """The practices of `queryset` that the filter in `data` (the query of a list or of
    a search) lets through: all the search words, as the search page finds them before
    it loosens its matching, and the facets. The one rule of the feed and the alerts.

    A filter the list's filterset refuses raises FilterRefused: django-filter would
    leave the refused value out and match on the rest, so that `theme=education`, once
    the theme's slug changed, let every new practice through."""
    words = data.get(SEARCH_PARAMETER, "")
    search = Search.parse(words)
    if words.strip():
        # Words with nothing to look for ("the") find nothing, as on the search page.
        queryset = search.apply(queryset, PRACTICE_SEARCH)
    filterset = PracticeFilter(data, queryset=queryset, search_results=not search.is_empty)
    if not filterset.is_valid():
        raise FilterRefused(sorted(filterset.form.errors))
    return filterset.qs


def search_words_usable(data: QueryDict) -> bool:
    """Whether the search words, if any, give something to look for."""
    words = data.get(SEARCH_PARAMETER, "")
    return not words.strip() or not Search.parse(words).is_empty
