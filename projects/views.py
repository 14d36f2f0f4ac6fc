from collections import defaultdict

from django.utils.translation import gettext as _
from django.views.generic import DetailView

from practices.models import Practice, Region, Theme
from search.facets import load_terms
from search.views import FacetedListView
from website.exports import Column, FilteredCsvView, names_per_object
from website.i18n import translated

from .filters import ProjectFilter
from .models import ARCHIVE_HANDED_OVER, FundingSource, Level, Project, ProjectFunding


class ArchiveMixin:
    """Every archive page says that the archive is no longer updated, and since when."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["archive_handed_over"] = ARCHIVE_HANDED_OVER
        return context


class ProjectListView(ArchiveMixin, FacetedListView):
    filterset_class = ProjectFilter
    queryset = Project.objects.for_list()
    template_name = "projects/project_list.html"
    context_object_name = "projects"


class ProjectDetailView(ArchiveMixin, DetailView):
    queryset = Project.objects.for_detail()
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        theme_ids = [theme.pk for theme in self.object.themes.all()]
        context["related_practices"] = (
            Practice.objects.published().sharing_themes(theme_ids) if theme_ids else []
        )
        return context


class ProjectCsvView(FilteredCsvView):
    """The archive list, filtered as on the page, as a CSV file."""

    filterset_class = ProjectFilter
    filename = "integration-projects.csv"
    chunk_size = 1000

    def get_queryset(self):
        return Project.objects.order_by(*Project._meta.ordering)

    def columns(self) -> list[Column]:
        terms = load_terms({"theme": Theme, "region": Region})
        self.names = {
            facet: {term.pk: term.name for term in found} for facet, found in terms.items()
        }
        self.sources = {value: str(label) for value, label in FundingSource.choices}
        levels = {value: str(label) for value, label in Level.choices}
        request = self.request

        def joined(key):
            return lambda project, related: "; ".join(related[key].get(project.pk, []))

        def day(name):
            return lambda project, related: (
                getattr(project, name).isoformat() if getattr(project, name) else ""
            )

        return [
            Column(_("Address"), lambda p, r: request.build_absolute_uri(p.get_absolute_url())),
            Column(_("Source record id"), lambda p, r: p.source_id),
            Column(_("Name"), lambda p, r: translated(p, "name").value),
            Column(_("Coordinating organisation"), lambda p, r: translated(p, "coordinator").value),
            Column(_("Level"), lambda p, r: levels.get(p.level, p.level)),
            Column(_("Regions"), joined("region")),
            Column(_("Themes"), joined("theme")),
            Column(_("Funding"), joined("funding")),
            Column(_("Start date"), day("start_date")),
            Column(_("End date"), day("end_date")),
            Column(_("Budget in euros"), lambda p, r: "" if p.budget is None else p.budget),
            Column(_("Summary"), lambda p, r: translated(p, "summary").value),
        ]

    def related(self, ids: list[int]) -> dict:
        funding = defaultdict(list)
        rows = ProjectFunding.objects.filter(project_id__in=ids).order_by("source")
        for project_id, source in rows.values_list("project_id", "source"):
            funding[project_id].append(self.sources[source])
        return {
            "theme": names_per_object(Project.themes, ids, self.names["theme"]),
            "region": names_per_object(Project.regions, ids, self.names["region"]),
            "funding": funding,
        }
