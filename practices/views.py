from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from search.facets import load_terms
from search.views import FacetedListView
from website.exports import Column, FilteredCsvView, names_per_object
from website.i18n import translated

from .filters import PracticeFilter
from .models import Criterion, IntegrationPhase, Municipality, Practice, TargetGroup, Theme
from .structured_data import practice_json_ld


class HomeView(TemplateView):
    template_name = "practices/home.html"
    newest_count = 6

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["newest_practices"] = (
            Practice.objects.published().for_list().newest()[: self.newest_count]
        )
        context["themes"] = Theme.objects.with_published_practice_counts()
        return context


class PracticeListView(FacetedListView):
    filterset_class = PracticeFilter
    queryset = Practice.objects.published().for_list()
    template_name = "practices/practice_list.html"
    context_object_name = "practices"


class PracticeDetailView(DetailView):
    queryset = Practice.objects.published().for_detail()
    template_name = "practices/practice_detail.html"
    context_object_name = "practice"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["fallback_languages"] = self.object.fallback_languages()
        context["json_ld"] = practice_json_ld(self.object, self.request)
        return context


class CriteriaView(ListView):
    queryset = Criterion.objects.all()
    template_name = "practices/criteria.html"
    context_object_name = "criteria"


class PracticeCsvView(FilteredCsvView):
    """The practice list, filtered as on the page, as a CSV file."""

    filterset_class = PracticeFilter
    filename = "good-practices.csv"

    def get_queryset(self):
        return Practice.objects.published().select_related("selection_round")

    def columns(self) -> list[Column]:
        terms = load_terms({"theme": Theme, "group": TargetGroup, "phase": IntegrationPhase})
        self.names = {
            facet: {term.pk: term.name for term in found} for facet, found in terms.items()
        }
        self.names["municipality"] = {m.pk: m.name for m in Municipality.objects.all()}
        request = self.request

        def joined(key):
            return lambda practice, related: "; ".join(related[key].get(practice.pk, []))

        return [
            Column(_("Address"), lambda p, r: request.build_absolute_uri(p.get_absolute_url())),
            Column(_("Title"), lambda p, r: translated(p, "title").value),
            Column(_("Organisation"), lambda p, r: translated(p, "organisation").value),
            Column(_("Summary"), lambda p, r: translated(p, "summary").value),
            Column(_("Themes"), joined("theme")),
            Column(_("Target groups"), joined("group")),
            Column(_("Integration phases"), joined("phase")),
            Column(_("Municipalities"), joined("municipality")),
            Column(
                _("Suitable municipality sizes"),
                lambda p, r: "; ".join(str(size.label) for size in p.suitable_sizes),
            ),
            Column(
                _("Selection round"),
                lambda p, r: p.selection_round.name if p.selection_round else "",
            ),
            Column(
                _("Published"),
                lambda p, r: p.published_at.date().isoformat() if p.published_at else "",
            ),
        ]

    def related(self, ids: list[int]) -> dict:
        return {
            "theme": names_per_object(Practice.themes, ids, self.names["theme"]),
            "group": names_per_object(Practice.target_groups, ids, self.names["group"]),
            "phase": names_per_object(Practice.phases, ids, self.names["phase"]),
            "municipality": names_per_object(
                Practice.municipalities, ids, self.names["municipality"]
            ),
        }
