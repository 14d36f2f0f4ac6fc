"""How far the jury of a call are: who has answered which submission, who is late,
and a jury member's own desk of calls and submissions waiting for them."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from .models import Call, DeclaredConflict, LiftedConflict, Review, Submission


class Answer:
    """A jury member's answer to one submission, as the progress table shows it."""

    SCORED = "scored"
    CONFLICT = "conflict"
    WAITING = "waiting"  # in review, nothing given yet
    MISSED = "missed"  # decided before they answered
    NOT_ASKED = "not_asked"


@dataclass
class JurorProgress:
    juror: object
    answers: list[str] = field(default_factory=list)  # one per submission, in order
    late: bool = False
    lifted: set[int] = field(default_factory=set)  # submissions whose conflict was lifted

    def count(self, answer: str) -> int:
        return self.answers.count(answer)

    @property
    def waiting(self) -> int:
        return self.count(Answer.WAITING)

    @property
    def scored(self) -> int:
        return self.count(Answer.SCORED)

    @property
    def conflicts(self) -> int:
        return self.count(Answer.CONFLICT)


def call_progress(
    call: Call, *, today: datetime.date
) -> tuple[list[Submission], list[JurorProgress]]:
    """The submissions in front of the jury (in review or past it) and each jury member
    with their answer to each; late: waiting reviews after the review deadline."""
    submissions = list(
        Submission.objects.filter(call=call, status__in=Submission.REVIEWABLE)
        .prefetch_related("extra_jurors")
        .order_by("created_at")
    )
    extra = {s.pk: {u.pk for u in s.extra_jurors.all()} for s in submissions}
    jurors = {user.pk: user for user in call.jurors.all()}
    call_jurors = set(jurors)
    for submission in submissions:
        jurors.update({u.pk: u for u in submission.extra_jurors.all()})
    answers = Review.objects.filter(submission__in=submissions).values_list(
        "submission_id", "juror_id", "conflict_of_interest"
    )
    given = {(submission_id, juror_id): conflict for submission_id, juror_id, conflict in answers}
    lifted = set(
        LiftedConflict.objects.filter(submission__in=submissions).values_list(
            "submission_id", "juror_id"
        )
    )
    overdue = call.reviews_due is not None and today > call.reviews_due
    rows = []
    for user in sorted(jurors.values(), key=juror_sort_key):
        row = JurorProgress(
            juror=user, lifted={s.pk for s in submissions if (s.pk, user.pk) in lifted}
        )
        for submission in submissions:
            key = (submission.pk, user.pk)
            if key in given:
                row.answers.append(Answer.CONFLICT if given[key] else Answer.SCORED)
            elif user.pk not in call_jurors and user.pk not in extra[submission.pk]:
                row.answers.append(Answer.NOT_ASKED)
            elif submission.status == Submission.Status.IN_REVIEW:
                row.answers.append(Answer.WAITING)
            else:
                row.answers.append(Answer.MISSED)
        row.late = overdue and row.waiting > 0
        rows.append(row)
    return submissions, rows


def answers_by_submission(
    submissions: list[Submission], rows: list[JurorProgress]
) -> list[tuple[Submission, list[tuple[str, bool]]]]:
    """The progress turned around: each submission with every jury member's answer, and
    whether an editor lifted that jury member's conflict of interest with it."""
    return [
        (submission, [(row.answers[n], submission.pk in row.lifted) for row in rows])
        for n, submission in enumerate(submissions)
    ]


def call_conflicts(call: Call) -> tuple[list[DeclaredConflict], list[LiftedConflict]]:
    """The conflicts of interest the jury declared for the whole call, and those an
    editor lifted, for the editors' pages of the call."""
    declared = DeclaredConflict.objects.filter(call=call).select_related("juror")
    lifted = LiftedConflict.objects.filter(submission__call=call).select_related(
        "submission", "juror", "lifted_by"
    )
    return list(declared), list(lifted)


def juror_sort_key(user) -> tuple[str, str]:
    return ((user.get_full_name() or user.get_username()).casefold(), user.get_username())


@dataclass
class DeskCall:
    call: Call
    waiting: int
    reviewed: int
    next_submission: Submission | None
    late: bool
    declared: int  # conflicts of interest declared for the call


def juror_desk(user, *, today: datetime.date) -> list[DeskCall]:
    """The calls the jury member reviews, soonest review deadline first, each with how
    many submissions wait for their review and the next one to review."""
    waiting = Submission.objects.awaiting_review_by(user)
    counts = dict(waiting.values("call").annotate(n=Count("pk")).values_list("call", "n"))
    reviewed = dict(
        Review.objects.filter(juror=user)
        .values("submission__call")
        .annotate(n=Count("pk"))
        .values_list("submission__call", "n")
    )
    declared = dict(
        DeclaredConflict.objects.filter(juror=user)
        .values("call")
        .annotate(n=Count("pk"))
        .values_list("call", "n")
    )
    calls = Call.objects.reviewed_by(user)
    desk = []
    for call in calls:
        desk.append(
            DeskCall(
                call=call,
                waiting=counts.get(call.pk, 0),
                reviewed=reviewed.get(call.pk, 0),
                next_submission=waiting.filter(call=call).order_by("created_at").first(),
                late=call.reviews_due is not None
                and today > call.reviews_due
                and counts.get(call.pk, 0) > 0,
                declared=declared.get(call.pk, 0),
            )
        )
    return desk


def jurors_of(call: Call):
    """The jury members of the call, with those added to one of its submissions."""
    return (
        get_user_model()
        .objects.filter(Q(jury_calls=call) | Q(extra_jury_submissions__call=call), is_active=True)
        .distinct()
    )
