"""Conflicts of interest beyond a single review: declared by a jury member for a whole
call (against an organisation, or with every submission), applied to each submission
they cover as it is sent to the jury, and lifted by an editor.

Why a jury member cannot withdraw a conflict themselves: the declaration changes what
the others may rely on (an editor on the jury reaches the call's ranking once every
submission is reviewed or declared, and the editors arrange the jury around it), and
nobody could tell whether the person withdrawing had seen colleagues' work or the
decisions in the meantime. So a conflict stands until an editor lifts it, with a
reason, a record kept (`LiftedConflict`, the review's history), a line in the audit log
and an e-mail to the call's editors; the progress and the ranking mark it.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from outbox.services import email_queue
from website.audit import audit

from .models import Call, DeclaredConflict, LiftedConflict, Review, Submission, organisation_key
from .roles import is_editor


def name_of(user) -> str:
    return user.get_full_name() or user.get_username()


class ConflictRefused(Exception):
    """The conflict cannot be declared or lifted; the message says why."""


def conflicts_apply(*, submission: Submission, declarations=None) -> int:
    """Turn the declarations covering this submission (by default all of its call's)
    into reviews that declare a conflict, for the jury members on its jury who have not
    reviewed it and whose conflict with it an editor has not lifted. Returns how many."""
    if declarations is None:
        declarations = DeclaredConflict.objects.filter(call_id=submission.call_id)
    jury = set(
        get_user_model()
        .objects.filter(Q(jury_calls=submission.call_id) | Q(extra_jury_submissions=submission))
        .values_list("pk", flat=True)
    )
    answered = set(submission.reviews.values_list("juror_id", flat=True))
    lifted = set(submission.lifted_conflicts.values_list("juror_id", flat=True))
    applied = 0
    for declaration in declarations:
        juror_id = declaration.juror_id
        if juror_id not in jury or juror_id in answered | lifted:
            continue
        if not declaration.covers(submission):
            continue
        try:
            with transaction.atomic():
                Review.objects.create(
                    submission=submission,
                    juror_id=juror_id,
                    conflict_of_interest=True,
                    confidential_comment=declaration.note,
                )
        except IntegrityError:
            continue  # the jury member saved a review of it at this very moment
        answered.add(juror_id)
        applied += 1
        audit(
            "conflict_applied",
            user=declaration.juror,
            submission=submission.reference,
            declaration=declaration.pk,
        )
    return applied


def conflict_declare(
    *, call: Call, juror, organisation: str, note: str
) -> tuple[DeclaredConflict, int]:
    """A jury member declares a conflict with the call's submissions from an
    organisation (or, with no organisation, with all of them). It applies at once to
    those already in review that they have not reviewed, and to the others as they are
    sent to the jury. Returns the declaration and to how many submissions it applied."""
    if not Call.objects.reviewed_by(juror).filter(pk=call.pk).exists():
        raise ConflictRefused(_("You are not on the jury of this call."))
    organisation = " ".join(organisation.split())
    with transaction.atomic():
        existing = [
            declaration
            for declaration in DeclaredConflict.objects.filter(call=call, juror=juror)
            if organisation_key(declaration.organisation) == organisation_key(organisation)
        ]
        if existing:
            declaration = existing[0]
        else:
            declaration = DeclaredConflict.objects.create(
                call=call, juror=juror, organisation=organisation, note=note
            )
        # Locked, as a send to the jury locks them, so that none is sent meanwhile.
        in_review = (
            Submission.objects.filter(
                pk__in=Submission.objects.on_jury_of(juror).values("pk"),
                call=call,
                status=Submission.Status.IN_REVIEW,
            )
            .select_for_update()
            .order_by("pk")
        )
        applied = sum(
            conflicts_apply(submission=submission, declarations=[declaration])
            for submission in in_review
        )
    audit("conflict_declared", user=juror, call=call.slug, declaration=declaration.pk)
    return declaration, applied


def conflict_lift(*, review: Review, by, reason: str) -> LiftedConflict:
    """An editor lifts a jury member's declared conflict with a submission in review,
    so that they may score it: the conflict's review is removed (its history keeps
    it), a record of the lift is kept and the call's editors are told."""
    if not is_editor(by):
        raise ConflictRefused(_("Only an editor can lift a conflict of interest."))
    if review.juror_id == by.pk:
        raise ConflictRefused(_("Another editor must lift your own conflict of interest."))
    if not reason.strip():
        raise ConflictRefused(_("Say why the conflict of interest is lifted."))
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=review.submission_id)
        locked = Review.objects.filter(pk=review.pk, conflict_of_interest=True).first()
        if locked is None:
            raise ConflictRefused(_("This conflict of interest has already been lifted."))
        if submission.status != Submission.Status.IN_REVIEW:
            raise ConflictRefused(
                _("The submission is no longer in review: there is nothing to score.")
            )
        lifted = LiftedConflict.objects.create(
            submission=submission,
            juror=locked.juror,
            note=locked.confidential_comment,
            declared_at=locked.submitted_at,
            lifted_by=by,
            reason=reason.strip(),
        )
        locked._change_reason = reason.strip()[:100]  # the history's record of the removal
        locked.delete()
        email_queue(
            to=submission.call.contact_email,
            template="submissions/email/conflict_lifted",
            context={
                "submission": submission,
                "call": submission.call,
                "juror_name": name_of(lifted.juror),
                "editor_name": name_of(by),
                "reason": lifted.reason,
            },
            language=settings.LANGUAGE_CODE,
        )
    audit(
        "conflict_lifted",
        user=by,
        submission=submission.reference,
        juror=lifted.juror_id,
        lifted=lifted.pk,
    )
    return lifted
