"""The practices in the site search (search.registry): published ones only."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from search.engine import SearchSpec
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
