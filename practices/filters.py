"""The facets of the practice list, and how many practices each choice would give."""

import django_filters
from django import forms
from django.db.models import Case, Count, F, QuerySet, Value, When
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from search.facets import (
    Counter,
    FacetedFilterSet,
    FlagsFilter,
    TermsFilter,
    YearsFilter,
    choice_options,
    related_pairs,
    year_options,
)
from website.i18n import text_in_visitor_language

from .models import Adoption, IntegrationPhase, Practice, Region, SizeClass, TargetGroup, Theme

SIZE_FIELDS = {
    SizeClass.SMALL: "suits_small",
    SizeClass.MEDIUM: "suits_medium",
    SizeClass.LARGE: "suits_large",
}

# "Used in at least N places": by the approved adoption reports (practices/models.py).
USED_IN_CHOICES = [
    ("1", _("In at least 1 place")),
    ("2", _("In at least 2 places")),
    ("5", _("In at least 5 places")),
]


class PracticeFilter(FacetedFilterSet):
    theme = TermsFilter(field_name="themes__slug", label=_("Theme"))
    size = FlagsFilter(flags=SIZE_FIELDS, choices=SizeClass.choices, label=_("Municipality size"))
    target_group = TermsFilter(field_name="target_groups__slug", label=_("Target group"))
    phase = TermsFilter(field_name="phases__slug", label=_("Integration phase"))
    region = TermsFilter(field_name="municipalities__region__slug", label=_("Region"))
    used_in = django_filters.MultipleChoiceFilter(
        choices=USED_IN_CHOICES,
        method="filter_used_in",
        label=_("Used also elsewhere"),
        widget=forms.CheckboxSelectMultiple,
    )
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
    facet_names = ("theme", "size", "target_group", "phase", "region", "used_in", "year")

    def filter_used_in(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        """Practices used in at least the fewest places chosen (one choice includes the
        higher ones)."""
        at_least = min(int(choice) for choice in value)
        used = (
            Adoption.objects.approved()
            .order_by()
            .values("practice")
            .annotate(places=Count("*"))
            .filter(places__gte=at_least)
            .values("practice")
        )
        return queryset.filter(pk__in=used)

    def sort_by(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "title":
            return queryset.order_by(text_in_visitor_language("title").asc(), "id")
        return queryset.newest()

    @property
    def qs(self) -> QuerySet:
        queryset = super().qs
        if not self.form.cleaned_data.get("sort") and not self.search_results:
            queryset = queryset.newest()
        return queryset

    def facet_counters(self) -> dict[str, Counter]:
        return {
            "theme": self._through_counter("theme", "themes", "theme_id"),
            "target_group": self._through_counter(
                "target_group", "target_groups", "targetgroup_id"
            ),
            "phase": self._through_counter("phase", "phases", "integrationphase_id"),
            # A practice is in a region once however many of its municipalities are there.
            "region": self._through_counter("region", "municipalities", "municipality__region_id"),
            "size": Counter(
                values=tuple(
                    Case(When(**{field: True}, then=Value(size.value)))
                    for size, field in SIZE_FIELDS.items()
                ),
                options=choice_options(SizeClass.choices),
            ),
            # A practice used in 3 places counts for "at least 1" and "at least 2".
            "used_in": Counter(pairs=self._used_in_pairs, options=choice_options(USED_IN_CHOICES)),
            "year": Counter(
                values=(ExtractYear("selection_round__date"),),
                options=year_options,
            ),
        }

    @staticmethod
    def _used_in_pairs() -> QuerySet:
        """(choice, practice) rows: each practice with every "at least N" its approved
        adoption reports reach, read from the small table of reports alone."""
        branches = [
            Adoption.objects.approved()
            .order_by()
            .values("practice")
            .annotate(places=Count("*"))
            .filter(places__gte=int(value))
            .annotate(value=Value(value), owner=F("practice"))
            .values("value", "owner")
            for value, _label in USED_IN_CHOICES
        ]
        return branches[0].union(*branches[1:], all=True)

    def _through_counter(self, facet: str, relation: str, term: str) -> Counter:
        through = getattr(Practice, relation).through
        return Counter(
            pairs=lambda: related_pairs(through.objects.all(), term, "practice_id"),
            options=lambda hits: self.term_counts(facet, hits),
        )
