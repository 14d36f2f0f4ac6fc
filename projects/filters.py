"""The facets of the archive list, with how many projects each choice would give."""

import django_filters
from django import forms
from django.db.models import Case, F, QuerySet, Value, When
from django.db.models.functions import ExtractYear
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from practices.models import Region, Theme
from search.facets import (
    Counter,
    FacetedFilterSet,
    RelatedChoicesFilter,
    TermsFilter,
    YearsFilter,
    choice_options,
    related_pairs,
    year_options,
)
from website.i18n import text_in_visitor_language

from .models import ARCHIVE_HANDED_OVER, FundingSource, Level, Project, ProjectFunding
from .querysets import ended_condition, ongoing_condition

ONGOING, ENDED = "ongoing", "ended"
# As of the day the archive was last updated: a project that was to end in 2020 is not
# "ongoing" today, but nothing says it ever ended either.
STATUS_CHOICES = [(ONGOING, _("ongoing then")), (ENDED, _("ended by then"))]


class ProjectFilter(FacetedFilterSet):
    theme = TermsFilter(field_name="themes__slug", label=_("Theme"))
    level = django_filters.MultipleChoiceFilter(
        choices=Level.choices, label=_("Level"), widget=forms.CheckboxSelectMultiple
    )
    funding = RelatedChoicesFilter(
        field_name="funding__source", choices=FundingSource.choices, label=_("Funding")
    )
    region = TermsFilter(field_name="regions__slug", label=_("Region"))
    start_year = YearsFilter(
        field_name="start_date__year", label=_("Start year"), widget=forms.CheckboxSelectMultiple
    )
    status = django_filters.MultipleChoiceFilter(
        choices=STATUS_CHOICES,
        method="filter_status",
        label=format_lazy(
            _("Status when the archive was last updated ({date})"),
            date=f"{ARCHIVE_HANDED_OVER.day}.{ARCHIVE_HANDED_OVER.month}.{ARCHIVE_HANDED_OVER.year}",
        ),
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
        day = ARCHIVE_HANDED_OVER
        return queryset.ongoing_on(day) if ONGOING in value else queryset.ended_on(day)

    def sort_by(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "name":
            return queryset.order_by(text_in_visitor_language("name").asc(), "id")
        return queryset.order_by(*Project._meta.ordering)

    def facet_counters(self) -> dict[str, Counter]:
        day = ARCHIVE_HANDED_OVER
        return {
            "theme": self._related_counter("theme", Project.themes.through, "theme_id"),
            "region": self._related_counter("region", Project.regions.through, "region_id"),
            "level": Counter(
                values=(F("level"),),
                options=choice_options(Level.choices),
            ),
            "funding": Counter(
                pairs=lambda: related_pairs(ProjectFunding.objects.all(), "source", "project_id"),
                options=choice_options(FundingSource.choices),
            ),
            "start_year": Counter(
                values=(ExtractYear("start_date"),),
                options=year_options,
            ),
            "status": Counter(
                values=(
                    Case(When(ongoing_condition(day), then=Value(ONGOING))),
                    Case(When(ended_condition(day), then=Value(ENDED))),
                ),
                options=choice_options(STATUS_CHOICES),
            ),
        }

    def _related_counter(self, facet: str, through, term: str) -> Counter:
        return Counter(
            pairs=lambda: related_pairs(through.objects.all(), term, "project_id"),
            options=lambda hits: self.term_counts(facet, hits),
        )
