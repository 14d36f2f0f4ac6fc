"""Reads of the archive."""

import datetime
from collections.abc import Iterable

from django.db import models
from django.db.models import Prefetch, Q

from practices.models import Municipality
from practices.querysets import sharing_themes


def ongoing_condition(day: datetime.date) -> Q:
    """A project still going on that day: no end date, or one not yet passed."""
    return Q(end_date__isnull=True) | Q(end_date__gte=day)


def ended_condition(day: datetime.date) -> Q:
    return Q(end_date__lt=day)


class ProjectQuerySet(models.QuerySet):
    def for_list(self) -> "ProjectQuerySet":
        """What a project card shows, in a fixed number of queries."""
        # The search vector is for the database's own use; a card never reads it.
        return self.prefetch_related("themes", "funding").defer("search_vector")

    def for_detail(self) -> "ProjectQuerySet":
        return self.prefetch_related(
            "themes",
            "target_groups",
            "regions",
            "funding",
            "links",
            Prefetch("municipalities", queryset=Municipality.objects.select_related("region")),
        )

    def ongoing_on(self, day: datetime.date) -> "ProjectQuerySet":
        return self.filter(ongoing_condition(day))

    def ended_on(self, day: datetime.date) -> "ProjectQuerySet":
        return self.filter(ended_condition(day))

    def sharing_themes(self, theme_ids: Iterable[int], limit: int = 5) -> list:
        """Newest projects with themes in common with the given ones, most in common first."""
        return sharing_themes(self, theme_ids, limit)
