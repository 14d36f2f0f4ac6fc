from collections import defaultdict

from django.views.generic import DetailView

from practices.facets import FacetedListView
from practices.i18n import fallback_languages
from practices.models import Practice

from .filters import ProjectFilter
from .models import ARCHIVE_HANDED_OVER, Project

PROJECT_TEXT_FIELDS = ["name", "summary", "description", "coordinator", "partners"]


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
        context["fallback_languages"] = fallback_languages(self.object, PROJECT_TEXT_FIELDS)
        theme_ids = [theme.pk for theme in self.object.themes.all()]
        context["related_practices"] = (
            Practice.objects.published().sharing_themes(theme_ids) if theme_ids else []
        )
        return context


def projects_csv(request):
    """The archive list, filtered as on the page, as a CSV file."""
    from django.utils.translation import gettext as _

    from practices.exports import csv_response, export_refused, in_chunks, names_per_object
    from practices.facets import load_terms
    from practices.i18n import translated
    from practices.models import Region, Theme

    from .models import FundingSource, Level, ProjectFunding

    if refused := export_refused(request):
        return refused
    filterset = ProjectFilter(
        request.GET, queryset=Project.objects.order_by(*Project._meta.ordering)
    )
    # Validate the filters now: once streaming has begun, the status is already sent.
    matching = filterset.qs
    header = [
        _("Address"),
        _("Source record id"),
        _("Name"),
        _("Coordinating organisation"),
        _("Level"),
        _("Regions"),
        _("Themes"),
        _("Funding"),
        _("Start date"),
        _("End date"),
        _("Budget in euros"),
        _("Summary"),
    ]
    terms = load_terms({"theme": Theme, "region": Region})
    theme_names = {term.pk: term.name for term in terms["theme"]}
    region_names = {term.pk: term.name for term in terms["region"]}
    levels = {value: str(label) for value, label in Level.choices}
    sources = {value: str(label) for value, label in FundingSource.choices}

    def rows():
        for chunk in in_chunks(matching, 1000):
            ids = [project.pk for project in chunk]
            themes = names_per_object(Project.themes, ids, theme_names)
            regions = names_per_object(Project.regions, ids, region_names)
            funding = defaultdict(list)
            for project_id, source in (
                ProjectFunding.objects.filter(project_id__in=ids)
                .order_by("source")
                .values_list("project_id", "source")
            ):
                funding[project_id].append(sources[source])
            for project in chunk:
                yield [
                    request.build_absolute_uri(project.get_absolute_url()),
                    project.source_id,
                    translated(project, "name").value,
                    translated(project, "coordinator").value,
                    levels.get(project.level, project.level),
                    "; ".join(regions.get(project.pk, [])),
                    "; ".join(themes.get(project.pk, [])),
                    "; ".join(funding[project.pk]),
                    project.start_date.isoformat() if project.start_date else "",
                    project.end_date.isoformat() if project.end_date else "",
                    "" if project.budget is None else project.budget,
                    translated(project, "summary").value,
                ]

    return csv_response("integration-projects.csv", header, rows())
