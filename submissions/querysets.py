"""Reads of calls, submissions and reviews, including who may see which."""

import datetime

from django.db import models
from django.db.models import Case, Count, Exists, F, Max, Min, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from .roles import is_editor, is_juror

DISAGREEMENT = 2  # points between two jury members' scores on one criterion


class CallQuerySet(models.QuerySet):
    def published(self) -> "CallQuerySet":
        """Calls visitors may see."""
        return self.filter(is_published=True)

    def open_at(self, moment: datetime.datetime) -> "CallQuerySet":
        """Published calls whose form is shown at this moment."""
        return self.published().filter(
            Q(closes_at__isnull=True) | Q(closes_at__gte=moment), opens_at__lte=moment
        )

    def next_change_after(self, moment: datetime.datetime) -> datetime.datetime | None:
        """The next moment after this one at which a published call opens or closes."""
        found = self.published().aggregate(
            opens=Min("opens_at", filter=Q(opens_at__gt=moment)),
            # A call is open up to and including its closing moment, closed just after.
            closes=Min("closes_at", filter=Q(closes_at__gte=moment)),
        )
        moments = [found["opens"]]
        if found["closes"] is not None:
            moments.append(found["closes"] + datetime.timedelta(seconds=1))
        return min((m for m in moments if m is not None), default=None)

    def reviewed_by(self, user) -> "CallQuerySet":
        """Calls whose jury the user is on (or one of whose submissions they were added
        to), soonest review deadline first."""
        return (
            self.filter(Q(jurors=user) | Q(submissions__extra_jurors=user))
            .distinct()
            .order_by(F("reviews_due").asc(nulls_last=True), "-opens_at")
        )

    def in_listing_order(self, moment: datetime.datetime) -> "CallQuerySet":
        """Open calls first (soonest deadline first), then upcoming, then closed (newest first)."""
        state_order = Case(
            When(opens_at__gt=moment, then=Value(1)),
            When(Q(closes_at__isnull=True) | Q(closes_at__gte=moment), then=Value(0)),
            default=Value(2),
        )
        return self.annotate(state_order=state_order).order_by(
            "state_order",
            F("closes_at").asc(nulls_last=True),
            "-opens_at",
        )


class SubmissionQuerySet(models.QuerySet):
    def reachable_by(self, user) -> "SubmissionQuerySet":
        """Editors reach every submission; a jury member only those of the calls
        assigned to them (or added to them one by one) once the jury review has begun."""
        if is_editor(user):
            return self.all()
        if is_juror(user):
            return self.filter(
                Q(call__jurors=user) | Q(extra_jurors=user), status__in=self.model.REVIEWABLE
            ).distinct()
        return self.none()

    def on_jury_of(self, user) -> "SubmissionQuerySet":
        """The submissions whose jury this user sits on (their call's, or this one's as an
        additional jury member), whatever their role besides."""
        return self.filter(Q(call__jurors=user) | Q(extra_jurors=user)).distinct()

    def with_conflict_of(self, user) -> "SubmissionQuerySet":
        """The submissions this user declared a conflict of interest with."""
        return self.filter(reviews__juror=user, reviews__conflict_of_interest=True)

    def awaiting_review_by(self, user) -> "SubmissionQuerySet":
        """Submissions in review, of whose jury this user is, that they have neither
        scored nor declared a conflict of interest with."""
        reviews = self.model._meta.get_field("reviews").related_model
        return (
            self.reachable_by(user)
            .filter(pk__in=self.on_jury_of(user).values("pk"), status=self.model.Status.IN_REVIEW)
            .exclude(pk__in=reviews.objects.filter(juror=user).values("submission_id"))
        )

    def with_disagreement(self, reviews) -> "SubmissionQuerySet":
        """Annotated with `disagreement`: whether two jury members are 2 or more points
        apart on some criterion (as the ranking flags it), among `reviews` (a queryset
        of Review: those the user may see)."""
        review = self.model._meta.get_field("reviews").related_model
        score = review._meta.get_field("scores").related_model
        apart = (
            score.objects.filter(review__submission=OuterRef("pk"), review__in=reviews)
            .values("criterion")
            .annotate(spread=Max("score") - Min("score"))
            .filter(spread__gte=DISAGREEMENT)
        )
        return self.annotate(disagreement=Exists(apart))

    def received_from(self, client_hash: str, since: datetime.datetime) -> "SubmissionQuerySet":
        return self.filter(client_hash=client_hash, created_at__gte=since)


class AttachmentQuerySet(models.QuerySet):
    def pending(self) -> "AttachmentQuerySet":
        """Files of forms not sent yet, waiting while the visitor corrects the form."""
        return self.filter(submission__isnull=True)

    def sent_by(self, client_hash: str) -> "AttachmentQuerySet":
        """Files that came from the sender with this keyed hash of an address."""
        return self.filter(client_hash=client_hash)

    def usage(self) -> tuple[int, int]:
        """How many files these are, and how many bytes they take together."""
        totals = self.aggregate(files=Count("pk"), size=Coalesce(Sum("size"), 0))
        return totals["files"], totals["size"]


class ReviewQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReviewQuerySet":
        """The reviews this user may read: their own always; a colleague's only once
        they may see the submission's reviews (`Submission.reviews_open_to`).

        Editors see every review, except on a submission whose jury they sit on
        (independent scoring holds for everyone): there, as for a jury member, the
        others' open once they have given their own review, and never to one who
        declared a conflict of interest.
        """
        if not (is_editor(user) or is_juror(user)):
            return self.none()
        submissions = self.model._meta.get_field("submission").related_model
        # A declared conflict of interest is no review: it does not open the others'.
        reviewed = self.model.objects.filter(juror=user, conflict_of_interest=False).values(
            "submission_id"
        )
        if is_editor(user):
            on_jury = submissions.objects.on_jury_of(user).exclude(pk__in=reviewed)
            return self.filter(Q(juror=user) | ~Q(submission_id__in=on_jury.values("pk")))
        reachable = submissions.objects.reachable_by(user).values("pk")
        return self.filter(
            Q(juror=user) | Q(submission_id__in=reviewed), submission_id__in=reachable
        )
