"""The jury's scores for one call, per submission: what editors rank and decide by.

The figures come from the reviews the editor may see (`Review.objects.visible_to`), so a
ranking, its agreement figure and its exports never show more than the reviews' own
pages do.
"""

from collections import Counter
from dataclasses import dataclass, field
from statistics import mean

from django.db.models import Max, Min

from practices.models import Criterion

from .models import Call, LiftedConflict, Recommendation, Review, ReviewScore, Submission
from .querysets import DISAGREEMENT


@dataclass(frozen=True)
class CriterionFigures:
    """The jury's scores of one submission on one criterion: their mean and spread."""

    values: tuple[int, ...]

    @property
    def mean(self) -> float | None:
        return round(float(mean(self.values)), 2) if self.values else None

    @property
    def low(self) -> int | None:
        return min(self.values, default=None)

    @property
    def high(self) -> int | None:
        return max(self.values, default=None)

    @property
    def spread(self) -> int | None:
        """Points between the highest and the lowest score (0–3)."""
        return None if not self.values else self.high - self.low

    @property
    def disagree(self) -> bool:
        """Jury members are 2 or more points apart."""
        return self.spread is not None and self.spread >= DISAGREEMENT


@dataclass
class RankingRow:
    submission: Submission
    assigned: set[int] = field(default_factory=set)  # jury members (ids) asked to review
    reviewed_by: set[int] = field(default_factory=set)  # who gave a review or a conflict
    scored: int = 0  # reviews with scores
    conflicts: int = 0
    lifted: int = 0  # conflicts of interest an editor lifted
    scores: dict[int, list[int]] = field(default_factory=dict)  # criterion id -> scores
    recommendations: Counter = field(default_factory=Counter)
    figures: list[CriterionFigures] = field(default_factory=list)  # in the criteria's order

    @property
    def reviews(self) -> int:
        return self.scored + self.conflicts

    @property
    def means(self) -> dict[int, float | None]:
        return {criterion: CriterionFigures(tuple(v)).mean for criterion, v in self.scores.items()}

    @property
    def total(self) -> float | None:
        """The sum of the criterion means (0–18), or None before any scores."""
        values = [value for value in self.means.values() if value is not None]
        return round(sum(values), 2) if values else None

    @property
    def disagreement(self) -> list[int]:
        """Criterion ids on which jury members are 2 or more points apart."""
        return [
            criterion
            for criterion, values in self.scores.items()
            if CriterionFigures(tuple(values)).disagree
        ]

    @property
    def pending(self) -> int:
        """Jury members asked to review who have given neither scores nor a conflict."""
        return len(self.assigned - self.reviewed_by)

    @property
    def incomplete(self) -> bool:
        """Not every jury member asked has answered, or nobody has scored at all."""
        return self.pending > 0 or self.scored == 0

    def recommendation_summary(self) -> list[tuple[str, int]]:
        """(recommendation's label, how many) in the choices' order, those given only."""
        return [
            (label, self.recommendations[value])
            for value, label in Recommendation.choices
            if self.recommendations[value]
        ]


SORT_KEYS = {
    "total": lambda row: (row.total is None, -(row.total or 0)),
    "reviews": lambda row: -row.reviews,
    "reference": lambda row: row.submission.reference,
    "title": lambda row: row.submission.title.casefold(),
    "status": lambda row: row.submission.status,
}


def call_ranking(
    call: Call, *, sort: str = "total", reviews=None
) -> tuple[list[Criterion], list[RankingRow]]:
    """Every submission of the call with its reviews counted and its scores summarised,
    from `reviews` (a queryset of Review; by default all of them)."""
    reviews = Review.objects.all() if reviews is None else reviews
    reviews = reviews.filter(submission__call=call)
    criteria = list(Criterion.objects.order_by("position"))
    call_jurors = set(call.jurors.values_list("pk", flat=True))
    rows = {
        submission.pk: RankingRow(submission=submission, assigned=set(call_jurors))
        for submission in Submission.objects.filter(call=call).order_by("created_at")
    }
    extra = Submission.extra_jurors.through.objects.filter(submission__call=call)
    for submission_id, user_id in extra.values_list("submission_id", "user_id"):
        rows[submission_id].assigned.add(user_id)
    for row in rows.values():
        row.scores = {criterion.pk: [] for criterion in criteria}
    answers = reviews.values_list(
        "submission_id", "juror_id", "conflict_of_interest", "recommendation"
    )
    for submission_id, juror_id, conflict, recommendation in answers:
        row = rows[submission_id]
        row.reviewed_by.add(juror_id)
        if conflict:
            row.conflicts += 1
        else:
            row.scored += 1
            row.recommendations[recommendation] += 1
    lifted = LiftedConflict.objects.filter(submission__call=call).values_list(
        "submission_id", flat=True
    )
    for submission_id in lifted:
        rows[submission_id].lifted += 1
    scores = ReviewScore.objects.filter(review__in=reviews).values_list(
        "review__submission_id", "criterion_id", "score"
    )
    for submission_id, criterion_id, score in scores:
        rows[submission_id].scores.setdefault(criterion_id, []).append(score)
    for row in rows.values():
        row.figures = [CriterionFigures(tuple(row.scores[c.pk])) for c in criteria]
    ordered = sorted(rows.values(), key=SORT_KEYS.get(sort, SORT_KEYS["total"]))
    return criteria, ordered


def disagreement_on(submission: Submission, *, reviews) -> list[Criterion]:
    """The criteria on which the submission's jury members (in `reviews`, a queryset of
    Review) are 2 or more points apart."""
    apart = (
        ReviewScore.objects.filter(review__in=reviews.filter(submission=submission))
        .values("criterion")
        .annotate(spread=Max("score") - Min("score"))
        .filter(spread__gte=DISAGREEMENT)
        .values("criterion")
    )
    return list(Criterion.objects.filter(pk__in=apart).order_by("position"))
