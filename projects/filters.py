"""The facets of the archive list, with how many projects each choice would give."""

import django_filters
from django import forms
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices.facets import FacetedFilterSet, TermsFilter, YearsFilter
from practices.i18n import text_in_visitor_language
from practices.models import Region, Theme

from .models import FundingSource, Level, Project, ProjectFunding

ONGOING, ENDED = "ongoing", "ended"


class ProjectFilter(FacetedFilterSet):
    theme = TermsFilter(field_name="themes__slug", label=_("Theme"))
    level = django_filters.MultipleChoiceFilter(
        choices=Level.choices, label=_("Level"), widget=forms.CheckboxSelectMultiple
    )
    funding = django_filters.MultipleChoiceFilter(
        field_name="funding__source",
        choices=FundingSource.choices,
        label=_("Funding"),
        widget=forms.CheckboxSelectMultiple,
        distinct=True,
    )
    region = TermsFilter(field_name="regions__slug", label=_("Region"))
    start_year = YearsFilter(
        field_name="start_date__year", label=_("Start year"), widget=forms.CheckboxSelectMultiple
    )
    status = django_filters.MultipleChoiceFilter(
        choices=[(ONGOING, _("ongoing")), (ENDED, _("ended"))],
        method="filter_status",
        label=_("Ongoing or ended"),
        widget=forms.CheckboxSelectMultiple,
    )
    sort = django_filters.ChoiceFilter(
        choices=[("newest", _("Newest first")), ("name", _("Name, A to Z"))],
        method="sort_by",
        label=_("Order"),
        empty_label=None,
    )

    class Meta:
        model = Project
        fields: list[str] = []

    vocabularies = {"theme": Theme, "region": Region}
    facet_names = ("theme", "level", "funding", "region", "start_year", "status")

    def filter_status(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if set(value) >= {ONGOING, ENDED} or not value:
            return queryset
        today = timezone.localdate()
        return queryset.ongoing_on(today) if ONGOING in value else queryset.ended_on(today)

    def sort_by(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "name":
            return queryset.order_by(text_in_visitor_language("name").asc(), "id")
        return queryset.order_by(*Project._meta.ordering)

    def facet_counters(self):
        return {
            "theme": lambda ids: self._through_counts("theme", "themes", "theme_id", ids),
            "region": lambda ids: self._through_counts("region", "regions", "region_id", ids),
            "level": self._level_counts,
            "funding": self._funding_counts,
            "start_year": self._year_counts,
            "status": self._status_counts,
        }

    def _through_counts(self, facet, relation, term, ids):
        through = getattr(Project, relation).through
        rows = (
            self.within(through.objects.all(), "project_id", ids)
            .values_list(term)
            .annotate(hits=Count("project_id"))
            .order_by()
        )
        return self.term_counts(facet, dict(rows))

    def _level_counts(self, ids):
        counts = dict(
            self.within(Project.objects.all(), "pk", ids)
            .values_list("level")
            .annotate(hits=Count("pk"))
            .order_by()
        )
        return [(level.value, level.label, counts.get(level.value, 0)) for level in Level]

    def _funding_counts(self, ids):
        counts = dict(
            self.within(ProjectFunding.objects.all(), "project_id", ids)
            .values_list("source")
            .annotate(hits=Count("project_id"))
            .order_by()
        )
        return [
            (source.value, source.label, counts.get(source.value, 0)) for source in FundingSource
        ]

    def _year_counts(self, ids):
        rows = (
            self.within(Project.objects.all(), "pk", ids)
            .filter(start_date__isnull=False)
            .annotate(year=ExtractYear("start_date"))
            .values_list("year")
            .annotate(hits=Count("pk"))
            .order_by("-year")
        )
        return [(str(year), str(year), hits) for year, hits in rows]

    def _status_counts(self, ids):
        today = timezone.localdate()
        totals = self.within(Project.objects.all(), "pk", ids).aggregate(
            ongoing=Count("pk", filter=Q(end_date__isnull=True) | Q(end_date__gte=today)),
            ended=Count("pk", filter=Q(end_date__lt=today)),
        )
        return [
            (ONGOING, _("ongoing"), totals["ongoing"]),
            (ENDED, _("ended"), totals["ended"]),
        ]
