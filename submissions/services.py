"""Writes of the submissions app: receiving, reviewing and deciding (publishing a
submission as a practice is in `publication.py`).

Each runs in one transaction; e-mail is queued in the same transaction and sent by
the outbox's sender after the commit (`outbox/services.py`).
"""

import datetime
import hashlib
import hmac
import uuid
from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outbox.services import email_queue, email_queue_to_typed_address
from practices.models import (
    Criterion,
)
from website.audit import audit

from .conflicts import conflicts_apply
from .models import (
    CONFLICT_STANDS,
    REVIEW_IS_FINAL,
    Attachment,
    Call,
    Review,
    ReviewScore,
    SelfAssessment,
    Submission,
    review_version,
)
from .workflow import TransitionRefused, transition_apply

Status = Submission.Status


class SubmissionRefused(Exception):
    """The submission cannot be received; the message says why, in the visitor's language."""


class ReviewRefused(Exception):
    """The review cannot be saved; the message says why, in the jury member's language."""


class AlreadyReceived(Exception):
    """The same filled-in form was sent before; `submission` is the one saved then."""

    def __init__(self, submission: Submission):
        super().__init__(submission.reference)
        self.submission = submission


def client_fingerprint(address: str) -> str:
    """A keyed hash of a network address (as `website.client.client_address` counts it:
    an IPv6 visitor by their /64): enough to count, not enough to identify."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def sender_limit_check(*, client_hash: str, now: datetime.datetime | None = None) -> None:
    """Refuse a sender who has used up the hourly limit of submissions.

    One indexed count: the form runs it before it looks into any file, and
    `submission_receive` again when it saves.
    """
    since = (now or timezone.now()) - datetime.timedelta(hours=1)
    if (
        Submission.objects.received_from(client_hash, since).count()
        >= settings.SUBMISSIONS_PER_ADDRESS_PER_HOUR
    ):
        raise SubmissionRefused(
            _(
                "Many submissions have already come from your network address in the last hour. "
                "Your text is kept below; please send it again later."
            )
        )


def attachment_keep(
    *,
    form_token: uuid.UUID,
    upload,
    content_type: str,
    submission: Submission | None = None,
    client_hash: str = "",
) -> Attachment:
    """Store an uploaded file; without a submission it waits for its form to be sent."""
    return Attachment.objects.create(
        submission=submission,
        form_token=form_token,
        file=upload,
        original_name=(upload.name or "")[:255],
        content_type=content_type,
        size=upload.size,
        client_hash=client_hash,
    )


def attachments_hold(
    *, form_token: uuid.UUID, client_hash: str, uploads: list[tuple]
) -> list[Attachment]:
    """Keep the files of a form with errors until the form is sent.

    Files waiting like this are bounded per sender and in total (PENDING_* settings),
    so that no one can fill the disk with forms never sent. Past a limit none of the
    new files are kept and SubmissionRefused says so; the form itself can still be
    sent with its files attached again.
    """
    if not uploads:
        return []
    size = sum(upload.size for upload, _content_type in uploads)
    pending = Attachment.objects.pending()
    sender_files, sender_bytes = pending.sent_by(client_hash).usage()
    all_files, all_bytes = pending.usage()
    if (
        sender_files + len(uploads) > settings.PENDING_FILES_PER_ADDRESS
        or sender_bytes + size > settings.PENDING_BYTES_PER_ADDRESS
        or all_files + len(uploads) > settings.PENDING_FILES_TOTAL
        or all_bytes + size > settings.PENDING_BYTES_TOTAL
    ):
        raise SubmissionRefused(
            _(
                "Your files could not be kept while you correct the form. "
                "Attach them again when you send it."
            )
        )
    return [
        attachment_keep(
            form_token=form_token, upload=upload, content_type=content_type, client_hash=client_hash
        )
        for upload, content_type in uploads
    ]


def attachments_discard(attachments) -> None:
    """Delete attachments (their files go once the transaction has committed)."""
    for attachment in list(attachments):
        attachment.delete()


def submission_receive(
    *,
    call: Call,
    form_token: uuid.UUID,
    data: dict,
    uploads: list[tuple],
    kept_attachments: list[Attachment],
    client_hash: str,
    now: datetime.datetime | None = None,
) -> Submission:
    """Save a submission with its self-assessments and attachments, all or nothing.

    Raises AlreadyReceived when this form was saved before (double click,
    reload) and SubmissionRefused when the call no longer accepts submissions
    or the sender's hourly limit is used up. The submission's `confirmation_email` is
    the confirmation queued to the sender, or None when their address has had as many
    as one address may get in a day (`outbox.services.typed_address_has_room`).
    """
    now = now or timezone.now()
    existing = Submission.objects.filter(form_token=form_token).first()
    if existing:
        raise AlreadyReceived(existing)
    if not call.accepts_submissions_at(now):
        raise SubmissionRefused(
            _(
                "The call closed before your submission arrived, so it could not be received. "
                "Your text is kept below; you can copy it or contact %(email)s."
            )
            % {"email": call.contact_email}
        )
    self_assessments = data.pop("self_assessments")
    relations = {key: data.pop(key) for key in ("municipalities", "themes", "target_groups")}
    try:
        with transaction.atomic():
            # Sends to one call take turns from here to the commit, so that two sends from
            # one sender at the same moment cannot both pass the count of the last hour.
            list(Call.objects.select_for_update().filter(pk=call.pk).values_list("pk"))
            sender_limit_check(client_hash=client_hash, now=now)
            submission = Submission.objects.create(
                call=call, form_token=form_token, client_hash=client_hash, consent=True, **data
            )
            for key, values in relations.items():
                getattr(submission, key).set(values)
            SelfAssessment.objects.bulk_create(
                SelfAssessment(submission=submission, criterion=criterion, text=text)
                for criterion, text in self_assessments.items()
            )
            pending = Attachment.objects.filter(form_token=form_token, submission=None)
            kept_ids = [attachment.pk for attachment in kept_attachments]
            # Sent: the sender's hash stays with the submission only.
            pending.filter(pk__in=kept_ids).update(submission=submission, client_hash="")
            attachments_discard(pending.exclude(pk__in=kept_ids))
            for upload, content_type in uploads:
                attachment_keep(
                    form_token=form_token,
                    upload=upload,
                    content_type=content_type,
                    submission=submission,
                )
            context = {"submission": submission, "call": call}
            # The address is whatever the sender typed: only a few a day go to one
            # (the status page shows the same link, and says if none was sent).
            submission.confirmation_email = email_queue_to_typed_address(
                to=submission.contact_email,
                template="submissions/email/received",
                context=context,
                language=submission.language,
                now=now,
            )
            email_queue(
                to=call.contact_email,
                template="submissions/email/editors_new_submission",
                context=context,
                language=settings.LANGUAGE_CODE,
            )
    except IntegrityError:
        # Two sends of the same form at the same moment: the other one was saved.
        existing = Submission.objects.filter(form_token=form_token).first()
        if existing:
            raise AlreadyReceived(existing) from None
        raise
    return submission


def submissions_start_review(*, submissions, by) -> int:
    """Send received submissions to the jury. Returns how many moved."""
    moved = 0
    for submission in submissions:
        try:
            with transaction.atomic():
                transition_apply(submission=submission, to=Status.IN_REVIEW, by=by)
                # The conflicts jury members declared for the call apply as it arrives.
                conflicts_apply(submission=submission)
        except TransitionRefused:
            continue
        moved += 1
    return moved


class StaleReview(ReviewRefused):
    """The review changed since the form was opened (a second tab, a stale form)."""


REVIEW_WHILE_IN_REVIEW = gettext_lazy(
    "Reviews can be given only while the submission is in review. "
    "The editors have decided on it in the meantime, so your review was not saved."
)
REVIEW_CHANGED_ELSEWHERE = gettext_lazy(
    "Your review of this submission was saved elsewhere (another tab or window) after you "
    "opened this form, so this form was not saved over it. What you typed is kept below: "
    "compare it with the saved review, then save again to replace it."
)


def review_save(
    *,
    submission: Submission,
    juror,
    conflict_of_interest: bool,
    recommendation: str,
    comment_for_submitter: str,
    confidential_comment: str,
    scores: dict[Criterion, tuple[int, str, str]],
    version: str,
    language: str = "",
) -> Review:
    """Save a jury member's review; one per jury member per submission.

    `scores` is per criterion (score, text for the submitter, confidential text);
    `language` is that of the texts for the submitter (by default the submission's);
    `version` is the review as the form was opened (`review_version`): a review saved
    since then (a second tab) is refused with StaleReview rather than overwritten.
    A declared conflict of interest keeps only its confidential note: no scores, no
    text for the submitter; it stands until an editor lifts it (`conflicts.py` says
    why), so a review that declares one is refused with ReviewRefused. A review that
    is final (`Review.is_final`) is refused with ReviewRefused, and one of a
    submission no longer in review with TransitionRefused, decided in the same locked
    transaction as the save.
    """
    if conflict_of_interest:
        recommendation, comment_for_submitter, scores = "", "", {}
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status != Status.IN_REVIEW:
            raise TransitionRefused(str(REVIEW_WHILE_IN_REVIEW))
        review = (
            Review.objects.select_for_update().filter(submission=submission, juror=juror).first()
        )
        if review is not None and review.conflict_of_interest:
            raise ReviewRefused(str(CONFLICT_STANDS))
        if review is not None and review.is_final():
            raise ReviewRefused(str(REVIEW_IS_FINAL))
        if review_version(review) != version:
            raise StaleReview(str(REVIEW_CHANGED_ELSEWHERE))
        created = review is None
        if created:
            review = Review(submission=submission, juror=juror)
        review.conflict_of_interest = conflict_of_interest
        review.recommendation = recommendation
        review.language = language or submission.language
        review.comment_for_submitter = comment_for_submitter
        review.confidential_comment = confidential_comment
        try:
            with transaction.atomic():
                review.save()
        except IntegrityError:
            # Saved by a second tab at the same moment (one review per juror).
            raise StaleReview(str(REVIEW_CHANGED_ELSEWHERE)) from None
        # Row by row, so that the history records every score and its change.
        for old in review.scores.exclude(criterion__in=list(scores)):
            old.delete()
        for criterion, (score, for_submitter, confidential) in scores.items():
            ReviewScore.objects.update_or_create(
                review=review,
                criterion=criterion,
                defaults={
                    "score": score,
                    "comment_for_submitter": for_submitter,
                    "confidential_comment": confidential,
                },
            )
    audit(
        "review_saved" if created else "review_changed",
        user=juror,
        submission=submission.reference,
        conflict=conflict_of_interest,
        scores=",".join(str(row[0]) for row in scores.values()) or "-",
    )
    return review


def conflicts_declare(*, submissions, juror) -> int:
    """Declare a conflict of interest with each of these submissions that the jury member
    has not reviewed yet, before opening them. Returns how many were declared."""
    declared = 0
    for submission in submissions:
        if Review.objects.filter(submission=submission, juror=juror).exists():
            continue
        try:
            review_save(
                submission=submission,
                juror=juror,
                conflict_of_interest=True,
                recommendation="",
                comment_for_submitter="",
                confidential_comment="",
                scores={},
                version=review_version(None),
            )
        except (ReviewRefused, TransitionRefused):
            continue
        declared += 1
    return declared


def jury_feedback_draft(submission: Submission) -> str:
    """A start for the feedback to the submitter, from the jury's texts *for the
    submitter* only: never a confidential comment, never a conflict of interest's
    note, never a name. Gathered by criterion (named in the submission's language),
    texts in the submission's language first and the others marked with their language
    so the editor can translate them."""
    language_names = dict(settings.LANGUAGES)

    def marked(text: str, language: str) -> str:
        if language == submission.language:
            return text
        return f"[{language_names.get(language, language)}] {text}"

    reviews = submission.reviews.filter(conflict_of_interest=False)
    by_criterion: dict[str, list[tuple[bool, str]]] = defaultdict(list)
    scores = (
        ReviewScore.objects.filter(review__in=reviews)
        .exclude(comment_for_submitter="")
        .select_related("criterion", "review")
        .order_by("criterion__position", "review_id")
    )
    for score in scores:
        language = score.review.language
        # The draft is for the submitter: the criteria named in their language, not in
        # the editor's (the editor's notes of other languages stay in the editor's).
        with translation.override(submission.language):
            criterion_name = str(score.criterion.name)
        by_criterion[criterion_name].append(
            (language != submission.language, marked(score.comment_for_submitter.strip(), language))
        )
    general = [
        (
            review.language != submission.language,
            marked(review.comment_for_submitter.strip(), review.language),
        )
        for review in reviews.exclude(comment_for_submitter="").order_by("submitted_at")
    ]
    parts = []
    for name, comments in by_criterion.items():
        comments.sort(key=lambda item: item[0])
        parts.append(name + ":\n" + "\n".join(f"– {text}" for _other, text in comments))
    if general:
        general.sort(key=lambda item: item[0])
        parts.append("\n".join(f"– {text}" for _other, text in general))
    return "\n\n".join(parts)


def submission_decide(
    *, submission: Submission, accepted: bool, reason: str, feedback: str, by
) -> Submission:
    """Record the editor's decision and tell the submitter, in their language."""
    target = Status.ACCEPTED if accepted else Status.REJECTED
    with transaction.atomic():
        transition_apply(submission=submission, to=target, by=by, note=reason)
        submission.decision_reason = reason
        submission.feedback = feedback
        submission.save(update_fields=["decision_reason", "feedback", "updated_at"])
        email_queue(
            to=submission.contact_email,
            template="submissions/email/decided",
            context={"submission": submission, "call": submission.call},
            language=submission.language,
        )
    return submission
