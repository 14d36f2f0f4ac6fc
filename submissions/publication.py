"""Publishing a chosen submission as a draft practice: what it carries over, and what
it never does (a juror's words stay in the back office)."""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from practices.models import (
    CriterionAssessment,
    Practice,
    PracticeLink,
    Rating,
    SelectionRound,
)
from website.i18n import LANGUAGE_CODES

from .models import Call, ReviewScore, Submission
from .workflow import transition_apply

Status = Submission.Status


def _unique_slug(title: str, reference: str) -> str:
    base = slugify(title)[:180] or "practice"
    if not Practice.objects.filter(slug=base).exists():
        return base
    return f"{base}-{slugify(reference)}"


def selection_round_of(call: Call) -> SelectionRound:
    """The selection round of a call's practices: named as the call, in its year (the
    date its results are due, else its deadline, else its opening)."""
    moment = call.results_by or timezone.localdate(call.closes_at or call.opens_at)
    names = {f"name_{lang}": getattr(call, f"title_{lang}") or "" for lang in LANGUAGE_CODES}
    found = SelectionRound.objects.filter(date=moment, name_fi=names["name_fi"]).first()
    return found or SelectionRound.objects.create(date=moment, **names)


def submission_links(submission: Submission) -> list[str]:
    """The submission's web addresses, one per line as the form checked them."""
    return list(
        dict.fromkeys(line.strip() for line in submission.links.splitlines() if line.strip())
    )


def submission_publish(*, submission: Submission, by) -> Practice:
    """Turn an accepted submission into a draft practice, in the submission's language,
    with everything the submission has: its texts, places, themes and target groups,
    links, and the call as its selection round.

    Nothing a jury member wrote is copied: each criterion's text is the submitter's own
    self-assessment (the editor edits it), and its rating the jury's mean score
    rounded to the scale. The editor completes the other languages and publishes the
    practice. Running it twice is refused by the state machine.
    """
    lang = submission.language
    ratings = jury_ratings(submission)
    with transaction.atomic():
        practice = Practice.objects.create(
            slug=_unique_slug(submission.title, submission.reference),
            status=Practice.Status.DRAFT,
            selection_round=selection_round_of(submission.call),
            **{
                f"{field}_{lang}": getattr(submission, field)
                for field in (
                    "title",
                    "summary",
                    "goal",
                    "how_it_works",
                    "results",
                    "resources",
                    "adoption",
                    "organisation",
                    "funder",
                )
            },
        )
        # Refused (and the practice rolled back) if the submission is not accepted,
        # for example when the editor clicks twice.
        transition_apply(
            submission=submission,
            to=Status.PUBLISHED,
            by=by,
            note=practice.slug,
            changes={"practice": practice},
        )
        practice.municipalities.set(submission.municipalities.all())
        practice.themes.set(submission.themes.all())
        practice.target_groups.set(submission.target_groups.all())
        PracticeLink.objects.bulk_create(
            # An address reads the same in every language: it is its own title.
            PracticeLink(
                practice=practice,
                url=url,
                position=position,
                **{f"title_{code}": url[:200] for code in LANGUAGE_CODES},
            )
            for position, url in enumerate(submission_links(submission))
        )
        CriterionAssessment.objects.bulk_create(
            CriterionAssessment(
                practice=practice,
                criterion=assessment.criterion,
                rating=ratings[assessment.criterion_id],
                **{f"how_met_{lang}": assessment.text},
            )
            for assessment in submission.self_assessments.select_related("criterion")
            if assessment.criterion_id in ratings
        )
    return practice


def jury_ratings(submission: Submission) -> dict[int, int]:
    """Per criterion (by id): the jury's mean score rounded to the scale (half up);
    only the numbers, never a jury member's words."""
    scores: dict[int, list[int]] = defaultdict(list)
    for criterion_id, score in ReviewScore.objects.filter(
        review__submission=submission, review__conflict_of_interest=False
    ).values_list("criterion_id", "score"):
        scores[criterion_id].append(score)
    return {
        criterion_id: min(
            Rating.values, key=lambda value: (abs(value - sum(rows) / len(rows)), -value)
        )
        for criterion_id, rows in scores.items()
    }
