"""The practices in the site search (search.registry): published ones only."""

from django.utils.translation import gettext_lazy as _

from search.engine import SearchSpec
from search.registry import Searchable

from .filters import PracticeFilter
from .models import Practice

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

PRACTICES = Searchable(
    kind="practices",
    label=_("Good practices"),
    queryset=lambda: Practice.objects.published(),
    spec=PRACTICE_SEARCH,
    filterset_class=PracticeFilter,
    position=1,
)
