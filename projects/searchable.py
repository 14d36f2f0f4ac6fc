"""The archive's projects in the site search (search.registry)."""

from django.utils.translation import gettext_lazy as _

from search.engine import SearchSpec
from search.registry import Searchable

from .filters import ProjectFilter
from .models import Project

PROJECT_SEARCH = SearchSpec(
    weighted={"A": ("name",), "B": ("summary", "coordinator"), "C": ("description", "partners")},
    title_field="name",
    snippet_field="summary",
    organisation_field="coordinator",
    municipalities="municipalities",
    vocabulary=(
        *(
            f"{relation}__name_{lang}"
            for relation in ("themes", "target_groups", "regions")
            for lang in ("fi", "sv", "en")
        ),
        "municipalities__name_fi",
        "municipalities__name_sv",
    ),
)

PROJECTS = Searchable(
    kind="projects",
    label=_("Archive projects"),
    queryset=lambda: Project.objects.all(),
    spec=PROJECT_SEARCH,
    filterset_class=ProjectFilter,
    position=2,
)
