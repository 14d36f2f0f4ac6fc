"""What can be searched: each content app registers its kinds of content here, from
its AppConfig.ready(), so that the search knows them without importing them."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from . import index
from .engine import SearchSpec


@dataclass(frozen=True)
class Searchable:
    """A kind of content the site search finds.

    `kind` names it in the address (`?type=practices`), `label` in the page; `queryset()`
    is what visitors may find (published practices only, say); `filterset_class`, if
    any, gives the results the facets of the kind's own list page. The all-types page
    shows the kinds in the order of `position`.
    """

    kind: str
    label: str
    queryset: Callable[[], QuerySet]
    spec: SearchSpec
    filterset_class: type | None = None
    position: int = 0
    # When nothing is found: the list of all of this kind (`browse_url()`, `browse_label`),
    # and topics a visitor may mean: `topics()` gives (names in every language, label, url).
    browse_label: str = ""
    browse_url: Callable[[], str] | None = None
    topics: Callable[[], Iterable[tuple[Iterable[str], str, str]]] | None = None


_searchables: dict[str, Searchable] = {}


def register(searchable: Searchable) -> None:
    """Make a kind of content searchable, and keep its index current (search/index.py)."""
    _searchables[searchable.kind] = searchable
    index.connect(searchable.queryset().model, searchable.spec, searchable.queryset)


def searchables() -> list[Searchable]:
    """Every registered kind, in the order of their positions."""
    return sorted(_searchables.values(), key=lambda searchable: searchable.position)
