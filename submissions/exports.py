"""A call's ranking and its individual reviews as files for the editors: an Excel
workbook, or CSV for a Finnish-locale spreadsheet (`;` and a decimal comma).

Both are built from the reviews the user may see (`Review.objects.visible_to`), so a
file never holds what the user's own pages would not show.
"""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from website.exports import fi_csv_response, xlsx_response

from .agreement import call_agreement
from .models import Call, Review
from .ranking import call_ranking


def ranking_table(call: Call, *, reviews, sort: str = "total") -> tuple[list, list[list]]:
    """The ranking's header and rows: per criterion the mean and the spread."""
    criteria, rows = call_ranking(call, sort=sort, reviews=reviews)
    header = [
        _("Reference"),
        _("Practice"),
        _("Organisation"),
        _("Status"),
        _("Scored"),
        _("Jury members asked"),
        _("Conflicts of interest"),
        _("Incomplete"),
    ]
    for criterion in criteria:
        header += [
            _("%(criterion)s: mean") % {"criterion": criterion.name},
            _("%(criterion)s: spread") % {"criterion": criterion.name},
        ]
    header += [_("Total"), _("Disagreement"), _("Recommendations")]
    table = []
    for row in rows:
        cells = [
            row.submission.reference,
            row.submission.title,
            row.submission.organisation,
            row.submission.get_status_display(),
            row.scored,
            len(row.assigned),
            row.conflicts,
            _("yes") if row.incomplete else _("no"),
        ]
        for figures in row.figures:
            cells += [figures.mean if figures.mean is not None else "", _blank(figures.spread)]
        cells += [
            _blank(row.total),
            ", ".join(c.name for c, f in zip(criteria, row.figures, strict=True) if f.disagree),
            "; ".join(f"{label}: {count}" for label, count in row.recommendation_summary()),
        ]
        table.append(cells)
    return header, table


def reviews_table(call: Call, *, reviews) -> tuple[list, list[list]]:
    """One row per review: who, the recommendation, each score and both kinds of comment
    (for the submitter; confidential, for the editors and jury: only editors get this)."""
    criteria, _rows = call_ranking(call, reviews=reviews.none())
    header = [_("Reference"), _("Practice"), _("Jury member"), _("Conflict of interest")]
    header += [
        _("Recommendation"),
        _("Overall comment for the submitter"),
        _("Overall confidential comment"),
    ]
    for criterion in criteria:
        header += [
            _("%(criterion)s: score") % {"criterion": criterion.name},
            _("%(criterion)s: comment for the submitter") % {"criterion": criterion.name},
            _("%(criterion)s: confidential comment") % {"criterion": criterion.name},
        ]
    table = []
    found = (
        reviews.filter(submission__call=call)
        .select_related("submission", "juror")
        .prefetch_related("scores")
        .order_by("submission__reference", "juror__last_name", "juror__username")
    )
    for review in found:
        scores = {score.criterion_id: score for score in review.scores.all()}
        cells = [
            review.submission.reference,
            review.submission.title,
            review.juror.get_full_name() or review.juror.get_username(),
            _("yes") if review.conflict_of_interest else _("no"),
            review.get_recommendation_display(),
            review.comment_for_submitter,
            review.confidential_comment,
        ]
        for criterion in criteria:
            score = scores.get(criterion.pk)
            if score:
                cells += [score.score, score.comment_for_submitter, score.confidential_comment]
            else:
                cells += ["", "", ""]
        table.append(cells)
    return header, table


def agreement_table(call: Call, *, reviews) -> tuple[list, list[list]]:
    whole, per_criterion = call_agreement(call, reviews=reviews)
    header = [_("Criterion"), _("Krippendorff's alpha"), _("Reading")]
    table = [[_("All criteria"), _blank(whole.alpha), whole.reading]]
    table += [[a.criterion.name, _blank(a.alpha), a.reading] for a in per_criterion]
    return header, table


def call_export(call: Call, *, user, what: str, file_format: str) -> HttpResponse:
    """The ranking (with the agreement) or the reviews of a call as xlsx or csv."""
    reviews = Review.objects.visible_to(user)
    if what == "ranking":
        tables = [
            (_("Ranking"), *ranking_table(call, reviews=reviews)),
            (_("Agreement"), *agreement_table(call, reviews=reviews)),
        ]
    else:
        tables = [(_("Reviews"), *reviews_table(call, reviews=reviews))]
    name = f"{what}-{call.slug}"
    if file_format == "xlsx":
        return xlsx_response(f"{name}.xlsx", tables)
    _title, header, rows = tables[0]
    return fi_csv_response(f"{name}-fi.csv", header, rows)


def _blank(value):
    return "" if value is None else value
