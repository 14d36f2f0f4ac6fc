"""The jury's scores for one call, per submission: what editors rank and decide by."""

from dataclasses import dataclass, field
from statistics import mean

from django.utils.translation import gettext as _

from practices.models import Criterion
from website.exports import csv_response

from .models import Call, Review, ReviewScore, Submission

DISAGREEMENT = 2  # points between two jury members on one criterion


@dataclass
class RankingRow:
    submission: Submission
    reviews: int = 0
    conflicts: int = 0
    scores: dict[int, list[int]] = field(default_factory=dict)  # criterion id -> scores
    means: dict[int, float | None] = field(default_factory=dict)
    # (mean, jury disagrees) per criterion, in the criteria's order, for display
    cells: list[tuple[float | None, bool]] = field(default_factory=list)

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
            if len(values) > 1 and max(values) - min(values) >= DISAGREEMENT
        ]


SORT_KEYS = {
    "total": lambda row: (row.total is None, -(row.total or 0)),
    "reviews": lambda row: -row.reviews,
    "reference": lambda row: row.submission.reference,
    "title": lambda row: row.submission.title.casefold(),
    "status": lambda row: row.submission.status,
}


def call_ranking(call: Call, *, sort: str = "total") -> tuple[list[Criterion], list[RankingRow]]:
    """Every submission of the call with its reviews counted and its scores averaged."""
    criteria = list(Criterion.objects.order_by("position"))
    rows = {
        submission.pk: RankingRow(submission=submission)
        for submission in Submission.objects.filter(call=call).order_by("created_at")
    }
    for row in rows.values():
        row.scores = {criterion.pk: [] for criterion in criteria}
    reviews = Review.objects.filter(submission__call=call)
    for submission_id, conflict in reviews.values_list("submission_id", "conflict_of_interest"):
        rows[submission_id].reviews += 1
        rows[submission_id].conflicts += conflict
    scores = ReviewScore.objects.filter(review__submission__call=call).values_list(
        "review__submission_id", "criterion_id", "score"
    )
    for submission_id, criterion_id, score in scores:
        rows[submission_id].scores.setdefault(criterion_id, []).append(score)
    for row in rows.values():
        row.means = {
            criterion: round(mean(values), 2) if values else None
            for criterion, values in row.scores.items()
        }
        flagged = set(row.disagreement)
        row.cells = [(row.means[c.pk], c.pk in flagged) for c in criteria]
    ordered = sorted(rows.values(), key=SORT_KEYS.get(sort, SORT_KEYS["total"]))
    return criteria, ordered


def ranking_csv(call: Call, *, sort: str = "total"):
    """The ranking as a CSV file that spreadsheet programs open with the right encoding."""
    criteria, rows = call_ranking(call, sort=sort)
    header = (
        [_("Reference"), _("Practice"), _("Organisation"), _("Status"), _("Reviews")]
        + [criterion.name for criterion in criteria]
        + [_("Total"), _("Disagreement")]
    )
    return csv_response(f"ranking-{call.slug}.csv", header, (_cells(row, criteria) for row in rows))


def _cells(row: RankingRow, criteria) -> list:
    return (
        [
            row.submission.reference,
            row.submission.title,
            row.submission.organisation,
            row.submission.get_status_display(),
            row.reviews,
        ]
        + ["" if row.means[c.pk] is None else row.means[c.pk] for c in criteria]
        + [
            "" if row.total is None else row.total,
            ", ".join(c.name for c in criteria if c.pk in row.disagreement),
        ]
    )
