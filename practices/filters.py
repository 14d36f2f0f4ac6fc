"""The facets of the practice list, and how many practices each choice would give."""

import django_filters
from django import forms
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from .facets import FacetedFilterSet, TermsFilter, YearsFilter
from .i18n import text_in_visitor_language
from .models import IntegrationPhase, Practice, Region, SizeClass, TargetGroup, Theme

SIZE_FIELDS = {
    SizeClass.SMALL: "suits_small",
    SizeClass.MEDIUM: "suits_medium",
    SizeClass.LARGE: "suits_large",
}


class PracticeFilter(FacetedFilterSet):
    theme = TermsFilter(field_name="themes__slug", label=_("Theme"))
    size = django_filters.MultipleChoiceFilter(
        choices=SizeClass.choices,
        method="filter_size",
        label=_("Municipality size"),
        widget=forms.CheckboxSelectMultiple,
    )
    target_group = TermsFilter(field_name="target_groups__slug", label=_("Target group"))
    phase = TermsFilter(field_name="phases__slug", label=_("Integration phase"))
    region = TermsFilter(field_name="municipalities__region__slug", label=_("Region"))
    year = YearsFilter(
        field_name="selection_round__date__year",
        label=_("Selection year"),
        widget=forms.CheckboxSelectMultiple,
    )
    sort = django_filters.ChoiceFilter(
        choices=[("newest", _("Newest first")), ("title", _("Title, A to Z"))],
        method="sort_by",
        label=_("Order"),
        empty_label=None,
    )

    class Meta:
        model = Practice
        fields: list[str] = []

    vocabularies = {
        "theme": Theme,
        "target_group": TargetGroup,
        "phase": IntegrationPhase,
        "region": Region,
    }
    facet_names = ("theme", "size", "target_group", "phase", "region", "year")

    def filter_size(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        condition = Q()
        for size in value:
            condition |= Q(**{SIZE_FIELDS[size]: True})
        return queryset.filter(condition)

    def sort_by(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "title":
            return queryset.order_by(text_in_visitor_language("title").asc(), "id")
        return queryset.newest()

    @property
    def qs(self) -> QuerySet:
        queryset = super().qs
        if not self.form.cleaned_data.get("sort") and not self.rank_order:
            queryset = queryset.newest()
        return queryset

    def facet_counters(self):
        return {
            "theme": lambda ids: self._through_counts("theme", "themes", "theme_id", ids),
            "target_group": lambda ids: self._through_counts(
                "target_group", "target_groups", "targetgroup_id", ids
            ),
            "phase": lambda ids: self._through_counts(
                "phase", "phases", "integrationphase_id", ids
            ),
            "region": lambda ids: self._through_counts(
                "region", "municipalities", "municipality__region_id", ids
            ),
            "size": self._size_counts,
            "year": self._year_counts,
        }

    def _through_counts(self, facet: str, relation: str, term: str, ids: QuerySet):
        through = getattr(Practice, relation).through
        # A practice is in a region once however many of its municipalities are there;
        # the other relations are unique pairs and need no DISTINCT (a costly sort).
        rows = (
            self.within(through.objects.all(), "practice_id", ids)
            .values_list(term)
            .annotate(hits=Count("practice_id", distinct=term.startswith("municipality__")))
            .order_by()
        )
        return self.term_counts(facet, dict(rows))

    def _size_counts(self, ids: QuerySet):
        totals = self.within(Practice.objects.all(), "pk", ids).aggregate(
            **{
                size.value: Count("pk", filter=Q(**{field: True}))
                for size, field in SIZE_FIELDS.items()
            }
        )
        return [(size.value, size.label, totals[size.value]) for size in SizeClass]

    def _year_counts(self, ids: QuerySet):
        rows = (
            self.within(Practice.objects.all(), "pk", ids)
            .filter(selection_round__isnull=False)
            .annotate(year=ExtractYear("selection_round__date"))
            .values_list("year")
            .annotate(hits=Count("pk"))
            .order_by("-year")
        )
        return [(str(year), str(year), hits) for year, hits in rows]
