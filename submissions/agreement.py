"""How far the jury agree: Krippendorff's alpha for ordinal scores (0–3), per call and per
criterion, computed by the `krippendorff` package, with a reading in plain words.

Alpha is 1 when every jury member gives each submission the same score, about 0 when
the scores are no more alike than chance would make them, and below 0 when they differ
more than by chance. It is undefined when no submission has scores from two jury
members, or when every score given is the same (nothing to agree or disagree on);
then there is no figure.
"""

import math
from dataclasses import dataclass

import krippendorff
from django.utils.translation import gettext as _

from practices.models import Criterion, Rating

from .models import Call, ReviewScore

# Krippendorff's own guide (Content Analysis, 2004): rely on data with alpha of at least
# 0.800, draw only tentative conclusions between 0.667 and 0.800.
GOOD = 0.800
TENTATIVE = 0.667


def ordinal_alpha(ratings: dict[object, dict[int, int]]) -> float | None:
    """Alpha of `ratings` (unit -> {juror id: score}), or None where it is undefined."""
    units = [scores for scores in ratings.values() if len(scores) >= 2]
    if not units or len({score for scores in units for score in scores.values()}) < 2:
        return None
    jurors = sorted({juror for scores in units for juror in scores})
    data = [[scores.get(juror, math.nan) for scores in units] for juror in jurors]
    value = krippendorff.alpha(
        reliability_data=data, level_of_measurement="ordinal", value_domain=Rating.values
    )
    return None if math.isnan(value) else round(float(value), 3)


@dataclass(frozen=True)
class Agreement:
    alpha: float | None
    criterion: Criterion | None = None  # None: the whole call

    @property
    def level(self) -> str:
        if self.alpha is None:
            return "unknown"
        if self.alpha >= GOOD:
            return "good"
        if self.alpha >= TENTATIVE:
            return "moderate"
        return "poor"

    @property
    def reading(self) -> str:
        """The figure in plain words, in the active language."""
        if self.criterion is None:
            return {
                "unknown": _(
                    "Too few scores to tell how well the jury agree: at least two jury "
                    "members must have scored the same submissions, and not all alike."
                ),
                "good": _("The jury agree well."),
                "moderate": _("The jury agree moderately: compare their reasons."),
                "poor": _("The jury agree poorly: discuss before deciding."),
            }[self.level]
        name = {"criterion": self.criterion.name}
        return {
            "unknown": _("Too few scores to tell how well the jury agree on “%(criterion)s”."),
            "good": _("The jury agree well on “%(criterion)s”."),
            "moderate": _("The jury agree moderately on “%(criterion)s”."),
            "poor": _("The jury agree poorly on “%(criterion)s”."),
        }[self.level] % name


def call_agreement(call: Call, *, reviews) -> tuple[Agreement, list[Agreement]]:
    """The jury's agreement over the whole call (each submission's score on each
    criterion a unit) and on each criterion, from `reviews` (a queryset of Review)."""
    criteria = list(Criterion.objects.order_by("position"))
    scores = ReviewScore.objects.filter(
        review__in=reviews.filter(submission__call=call, conflict_of_interest=False)
    ).values_list("review__submission_id", "criterion_id", "review__juror_id", "score")
    whole: dict[tuple[int, int], dict[int, int]] = {}
    for submission_id, criterion_id, juror_id, score in scores:
        whole.setdefault((submission_id, criterion_id), {})[juror_id] = score
    per_criterion = [
        Agreement(
            alpha=ordinal_alpha(
                {unit: given for unit, given in whole.items() if unit[1] == criterion.pk}
            ),
            criterion=criterion,
        )
        for criterion in criteria
    ]
    return Agreement(alpha=ordinal_alpha(whole)), per_criterion
