"""Published calls in the site search (search.registry)."""

from django.utils.translation import gettext_lazy as _

from search.engine import SearchSpec
from search.registry import Searchable

from .models import Call

CALL_SEARCH = SearchSpec(
    weighted={"A": ("title",), "B": ("body",), "C": ("partners",)},
    title_field="title",
    snippet_field="body",
)

CALLS = Searchable(
    kind="calls",
    label=_("Calls for practices"),
    queryset=lambda: Call.objects.published(),
    spec=CALL_SEARCH,
    position=3,
)
