"""Reads of the catalogue, named once and reused by views, feeds and the other apps."""

from django.db import connection, models
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce


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


def newest_with_terms(through: models.QuerySet, column: str, term_ids, per_term: int) -> set:
    """The practices (`practice_id`) of the newest `per_term` rows of each term in one
    query: a UNION of index range scans where the database allows LIMIT inside one."""
    if not term_ids:
        return set()
    if connection.features.supports_slicing_ordering_in_compound:
        per_term_rows = [
            through.filter(**{column: term})
            .order_by("-practice_id")
            .values_list("practice_id", flat=True)[:per_term]
            for term in term_ids
        ]
        rows = per_term_rows[0].union(*per_term_rows[1:], all=True)
    else:  # SQLite: no LIMIT inside UNION; the embedded database is small anyway
        rows = through.filter(**{f"{column}__in": term_ids}).values_list("practice_id", flat=True)
    return set(rows)


def related_models(model, *relations: str) -> dict[str, type[models.Model]]:
    """The models at the other end of `model`'s relations (this module is imported by
    models.py, so it names them through the relations rather than importing them)."""
    return {name: model._meta.get_field(name).related_model for name in relations}


class PracticeQuerySet(models.QuerySet):
    def published(self) -> "PracticeQuerySet":
        """Practices visitors may see: published, never drafts or archived ones."""
        return self.filter(status=self.model.Status.PUBLISHED)

    def for_list(self) -> "PracticeQuerySet":
        """What a practice card shows, fetched in a fixed number of queries: with
        `adoption_count`, in how many places it is used, counted in the same query."""
        # The search vector is for the database's own use; a card never reads it.
        return (
            self.select_related("selection_round")
            .prefetch_related("themes")
            .defer("search_vector")
            .with_adoption_count()
        )

    def for_detail(self) -> "PracticeQuerySet":
        """Everything the practice page shows, fetched in a fixed number of queries."""
        related = related_models(self.model, "municipalities", "assessments", "adoptions")
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
            Prefetch(
                "adoptions",
                queryset=related["adoptions"].objects.approved().for_page(),
                to_attr="approved_adoptions",
            ),
        )

    def with_adoption_count(self) -> "PracticeQuerySet":
        """Each practice with `adoption_count`: in how many places it is used, by the
        approved adoption reports (one small counting subquery over their index)."""
        return self.annotate(adoption_count=adoption_count(self.model))

    def related_to(self, practice, limit: int = 4, per_term: int = 25) -> list:
        """A few published practices like `practice`: sharing its themes and target groups,
        and among those first the ones that suit a municipality size the practice suits
        (so a small municipality is shown what works in small ones), then the ones with
        most in common, then the newest.

        The candidates are the newest `per_term` practices of each of its themes and
        target groups (an index range scan each), so that the page costs the same few
        short queries however large the catalogue grows.
        """
        through = {
            "themes": (self.model.themes.through, "theme_id"),
            "target_groups": (self.model.target_groups.through, "targetgroup_id"),
        }
        terms = {
            relation: [term.pk for term in getattr(practice, relation).all()][:10]
            for relation in through
        }
        candidates = set()
        for relation, (model, column) in through.items():
            candidates |= newest_with_terms(model.objects.all(), column, terms[relation], per_term)
        candidates.discard(practice.pk)
        if not candidates:
            return []
        shared = [
            counted(
                model.objects.filter(practice_id=OuterRef("pk"), **{f"{column}__in": terms[rel]}),
                "practice_id",
            )
            for rel, (model, column) in through.items()
        ]
        same_size = Q()
        for size in practice.suitable_sizes:
            same_size |= Q(**{f"suits_{size}": True})
        size_match = (
            models.Case(models.When(same_size, then=Value(1)), default=Value(0))
            if same_size
            else Value(0)
        )
        return list(
            self.published()
            .filter(pk__in=candidates)
            .annotate(shared=shared[0] + shared[1], same_size=size_match)
            .order_by("-same_size", "-shared", "-published_at", "-id")
            .for_list()[:limit]
        )

    def sharing_themes(self, theme_ids, limit: int = 5) -> list:
        """Newest practices with themes in common with the given ones, most in common first."""
        return sharing_themes(self, theme_ids, limit)

    def newest(self) -> "PracticeQuerySet":
        """Newest publication first: the order of the partial index on published
        practices (which always have a publication date)."""
        return self.order_by("-published_at", "-id")


def counted(rows: models.QuerySet, owner: str) -> Coalesce:
    """The number of `rows` (filtered by an OuterRef to `owner`), as a subquery."""
    return Coalesce(
        Subquery(
            rows.order_by().values(owner).annotate(count=Count("*")).values("count"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def adoption_count(practice_model: type[models.Model]) -> Coalesce:
    """The number of approved adoption reports of the practice in the outer query."""
    adoption = related_models(practice_model, "adoptions")["adoptions"]
    return counted(adoption.objects.approved().filter(practice=OuterRef("pk")), "practice")


class AdoptionQuerySet(models.QuerySet):
    def approved(self) -> "AdoptionQuerySet":
        """Reports an editor has approved: the ones shown on the practice's page."""
        return self.filter(approved_at__isnull=False)

    def pending(self) -> "AdoptionQuerySet":
        """Reports waiting for an editor."""
        return self.filter(approved_at__isnull=True)

    def for_page(self) -> "AdoptionQuerySet":
        """What the practice page shows of each: the municipality and its region."""
        return self.select_related("municipality__region").order_by("-year", "-id")


class MunicipalityQuerySet(models.QuerySet):
    def current(self) -> "MunicipalityQuerySet":
        """Municipalities of today's division: not ended by a merger."""
        return self.filter(ended_on__isnull=True)


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
