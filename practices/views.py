import dataclasses
import datetime

from django.conf import settings
from django.core.paginator import InvalidPage
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from .facets import FacetedListView
from .filters import PracticeFilter
from .i18n import translated
from .models import Criterion, Practice, Theme
from .querysets import PRACTICE_SEARCH
from .search import RankedPaginator, Search, best_first, best_ids
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


def health(request):
    """For load balancers and monitoring: is the database (and the cache) answering?"""
    from django.core.cache import cache
    from django.db import connection
    from django.http import JsonResponse

    report = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any failure of the database is the answer
        report["database"] = "unavailable"
    try:
        cache.set("health-check", 1, 10)
    except Exception:
        report["cache"] = "unavailable"
    healthy = report["database"] == "ok"
    report["status"] = "ok" if healthy else "unavailable"
    response = JsonResponse(report, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


def permission_denied(request, exception=None):
    """403, and a line in the audit log: a refused permission is worth knowing of."""
    from django.views.defaults import permission_denied as default

    from .audit import audit

    audit("permission_refused", user=request.user, path=request.path[:200])
    return default(request, exception)


class AccessibilityStatementView(TemplateView):
    template_name = "practices/accessibility.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["feedback_email"] = settings.ACCESSIBILITY_FEEDBACK_EMAIL
        context["statement_date"] = datetime.date.fromisoformat(
            settings.ACCESSIBILITY_STATEMENT_DATE
        )
        return context


class CriteriaView(ListView):
    queryset = Criterion.objects.all()
    template_name = "practices/criteria.html"
    context_object_name = "criteria"


class SearchView(TemplateView):
    """One search over practices, archive projects and calls.

    Without a type the results come in three short sections; with a type, one
    list with the facets of that type's own list page, the search term kept.
    """

    template_name = "practices/search.html"
    section_size = 5
    paginate_by = 20

    def get_context_data(self, **kwargs):
        from projects.filters import ProjectFilter
        from projects.models import Project
        from projects.querysets import PROJECT_SEARCH
        from submissions.models import Call
        from submissions.querysets import CALL_SEARCH

        context = super().get_context_data(**kwargs)
        search = Search.parse(self.request.GET.get("q", ""))
        kind = self.request.GET.get("type")
        sources = {
            "practices": (lambda: Practice.objects.published(), PRACTICE_SEARCH, PracticeFilter),
            "projects": (lambda: Project.objects.all(), PROJECT_SEARCH, ProjectFilter),
            "calls": (lambda: Call.objects.published(), CALL_SEARCH, None),
        }
        if kind not in sources:
            kind = "all"
        context.update(search=search, kind=kind, query=search.text)
        if search.is_empty:
            return context

        if kind == "all":
            context["sections"] = self._sections(sources, search)
            return context
        context.update(self._typed(sources[kind], search))
        return context

    def _typed(self, source, search) -> dict:
        """One type's results with its facets, one page of them."""
        manager, spec, filterset_class = source
        results = relaxed(search, manager, spec)
        context = {"search": search}
        if filterset_class:
            filterset = filterset_class(self.request.GET, queryset=results, search_results=True)
            counted = filterset.count()
            context.update(
                facets=counted.facets, filter=filterset, filtered=filterset.has_selection
            )
            paginator = counted.paginator(filterset.qs, self.paginate_by, RankedPaginator)
        else:
            paginator = RankedPaginator(results, self.paginate_by)
        try:
            page = paginator.page(self.request.GET.get("page") or 1)
        except InvalidPage as error:
            raise Http404(str(error)) from error
        search.snippets(page.object_list, spec)
        context.update(page_obj=page, paginator=paginator, results=page.object_list)
        return context

    def _sections(self, sources, search) -> list[dict]:
        """A few of the best results of each type, and whether there are more.

        Each type loosens its matching on its own until something is found, but the
        types still looking are asked together, one query a step (`best_ids`), so
        the page's queries stay few however many steps it takes.
        """
        searches = {kind: dataclasses.replace(search) for kind in sources}
        results, ids = {}, {}
        looking = list(sources)
        while looking:
            for kind in looking:
                manager, spec, _filterset_class = sources[kind]
                results[kind] = searches[kind].apply(manager(), spec)
            # One more than shown tells whether there are more, without counting them all.
            found = best_ids({kind: results[kind] for kind in looking}, self.section_size + 1)
            ids.update(found)
            looking = [kind for kind in looking if not found[kind] and searches[kind].relax()]
        sections = []
        for kind, (_manager, spec, _filterset_class) in sources.items():
            top = best_first(results[kind], ids[kind][: self.section_size])
            searches[kind].snippets(top, spec)
            sections.append(
                {
                    "kind": kind,
                    "more": len(ids[kind]) > self.section_size,
                    "results": top,
                    "search": searches[kind],
                }
            )
        return sections


def relaxed(search: Search, manager, spec):
    """The search's results; when there are none, looser matching until something is found."""
    results = search.apply(manager(), spec)
    while not results.exists() and search.relax():
        results = search.apply(manager(), spec)
    return results


def practices_csv(request):
    """The practice list, filtered as on the page, as a CSV file."""
    from .exports import csv_response, export_refused, in_chunks, names_per_object
    from .facets import load_terms
    from .models import IntegrationPhase, Municipality, TargetGroup

    if refused := export_refused(request):
        return refused
    filterset = PracticeFilter(
        request.GET, queryset=Practice.objects.published().select_related("selection_round")
    )
    # Validate the filters now: once streaming has begun, the status is already sent.
    matching = filterset.qs
    header = [
        _("Address"),
        _("Title"),
        _("Organisation"),
        _("Summary"),
        _("Themes"),
        _("Target groups"),
        _("Integration phases"),
        _("Municipalities"),
        _("Suitable municipality sizes"),
        _("Selection round"),
        _("Published"),
    ]

    terms = load_terms({"theme": Theme, "group": TargetGroup, "phase": IntegrationPhase})
    names = {facet: {term.pk: term.name for term in found} for facet, found in terms.items()}
    municipality_names = {m.pk: m.name for m in Municipality.objects.all()}

    def rows():
        for chunk in in_chunks(matching, 500):
            ids = [practice.pk for practice in chunk]
            themes = names_per_object(Practice.themes, ids, names["theme"])
            groups = names_per_object(Practice.target_groups, ids, names["group"])
            phases = names_per_object(Practice.phases, ids, names["phase"])
            municipalities = names_per_object(Practice.municipalities, ids, municipality_names)
            for practice in chunk:
                yield [
                    request.build_absolute_uri(practice.get_absolute_url()),
                    translated(practice, "title").value,
                    translated(practice, "organisation").value,
                    translated(practice, "summary").value,
                    "; ".join(themes.get(practice.pk, [])),
                    "; ".join(groups.get(practice.pk, [])),
                    "; ".join(phases.get(practice.pk, [])),
                    "; ".join(municipalities.get(practice.pk, [])),
                    "; ".join(str(size.label) for size in practice.suitable_sizes),
                    practice.selection_round.name if practice.selection_round else "",
                    practice.published_at.date().isoformat() if practice.published_at else "",
                ]

    return csv_response("good-practices.csv", header, rows())


def robots_txt(request):
    """What search engines may index: not the admin, the search, the API or private pages."""
    from django.http import HttpResponse
    from django.utils import translation

    lines = ["User-agent: *"]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            lines.append(f"Disallow: /{code}/admin/")
            lines.append(f"Disallow: {reverse('practices:search')}")
            status = reverse("submissions:status", kwargs={"token": "x"}).rsplit("x/", 1)[0]
            lines.append(f"Disallow: {status}")
            lines.append(f"Disallow: {reverse('practices:csv')}")
            lines.append(f"Disallow: {reverse('projects:csv')}")
    lines += [
        "Disallow: /api/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
