"""Reads of the catalogue, named once and reused by views, feeds and the other apps."""

from django.db import connection, models
from django.db.models import Count, Prefetch, Q


def sharing_themes(queryset, theme_ids, limit: int, per_theme: int = 25) -> list:
    """Objects of `queryset` sharing themes with the given ones: the newest few of each
    theme (by id, an index range scan each), ranked by how many themes they share.

    Two short queries whatever the size of the catalogue, instead of counting the
    themes of every object.
    """
    theme_ids = list(theme_ids)[:10]
    if not theme_ids:
        return []
    through = queryset.model.themes.through
    owner = f"{queryset.model._meta.model_name}_id"
    candidates = through.objects.all()
    if queryset.query.where:  # only the reachable ones, e.g. published practices
        candidates = candidates.filter(**{f"{owner}__in": queryset.values("pk")})
    if connection.features.supports_slicing_ordering_in_compound:
        per_term = [
            candidates.filter(theme_id=theme_id)
            .order_by(f"-{owner}")
            .values_list(owner)[:per_theme]
            for theme_id in theme_ids
        ]
        rows = per_term[0].union(*per_term[1:], all=True) if len(per_term) > 1 else per_term[0]
    else:  # SQLite: no LIMIT inside UNION; the embedded database is small anyway
        rows = candidates.filter(theme_id__in=theme_ids).values_list(owner)
    shared: dict[int, int] = {}
    for (object_id,) in rows:
        shared[object_id] = shared.get(object_id, 0) + 1
    best = sorted(shared, key=lambda object_id: (-shared[object_id], -object_id))[:limit]
    found = {obj.pk: obj for obj in queryset.model.objects.filter(pk__in=best)}
    return [found[pk] for pk in best if pk in found]


def related_models(model, *relations: str) -> dict[str, type[models.Model]]:
    """The models at the other end of `model`'s relations (this module is imported by
    models.py, so it names them through the relations rather than importing them)."""
    return {name: model._meta.get_field(name).related_model for name in relations}


class PracticeQuerySet(models.QuerySet):
    def published(self) -> "PracticeQuerySet":
        """Practices visitors may see: published, never drafts or archived ones."""
        return self.filter(status=self.model.Status.PUBLISHED)

    def for_list(self) -> "PracticeQuerySet":
        """What a practice card shows, fetched in a fixed number of queries."""
        # The search vector is for the database's own use; a card never reads it.
        return (
            self.select_related("selection_round").prefetch_related("themes").defer("search_vector")
        )

    def for_detail(self) -> "PracticeQuerySet":
        """Everything the practice page shows, fetched in a fixed number of queries."""
        related = related_models(self.model, "municipalities", "assessments")
        return self.select_related("selection_round").prefetch_related(
            "themes",
            "target_groups",
            "phases",
            "links",
            Prefetch(
                "municipalities",
                queryset=related["municipalities"].objects.select_related("region"),
            ),
            Prefetch(
                "assessments",
                queryset=related["assessments"].objects.select_related("criterion"),
            ),
        )

    def sharing_themes(self, theme_ids, limit: int = 5) -> list:
        """Newest practices with themes in common with the given ones, most in common first."""
        return sharing_themes(self, theme_ids, limit)

    def newest(self) -> "PracticeQuerySet":
        """Newest publication first: the order of the partial index on published
        practices (which always have a publication date)."""
        return self.order_by("-published_at", "-id")


class VocabularyQuerySet(models.QuerySet):
    def with_published_practice_counts(self) -> "VocabularyQuerySet":
        """Each term with `published_practices`, the number of public practices it has."""
        practices = related_models(self.model, "practices")["practices"]
        return self.annotate(
            published_practices=Count(
                "practices",
                filter=Q(practices__in=practices.objects.published().values("pk")),
                distinct=True,
            )
        )
