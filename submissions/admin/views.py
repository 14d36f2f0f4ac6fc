"""The submissions admin's own pages: a decision, publishing,
a submitter's personal data, an attachment, and a jury member's review.

Each is a function of the request and the ModelAdmin it belongs to (for its site,
its options and its permission checks); the ModelAdmins wire them in get_urls().
"""

import json
import logging

from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from practices.models import Criterion
from website.admin_site import must_set_up_second_factor
from website.audit import audit
from website.text import as_id
from website.views import NotFoundExplained

from ..invitations import invitation_user, juror_invite
from ..models import CONFLICT_STANDS, REVIEW_IS_FINAL, Call, Review, Submission, review_version
from ..privacy import personal_data_erase, personal_data_export, submissions_of
from ..publication import jury_ratings, submission_links, submission_publish
from ..roles import is_editor
from ..services import (
    REVIEW_WHILE_IN_REVIEW,
    ReviewRefused,
    StaleReview,
    jury_feedback_draft,
    review_save,
    submission_decide,
    submissions_start_review,
)
from ..workflow import TransitionRefused
from .forms import (
    ConflictLiftForm,
    DecisionForm,
    JurorInvitationForm,
    PersonalDataForm,
    ReviewForm,
    score_grid,
)

logger = logging.getLogger(__name__)


def page(request, model_admin: ModelAdmin, template: str, title: str, **context):
    """One of these pages in the admin's frame, with its site's context."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": title,
        **context,
    }
    return TemplateResponse(request, template, context)


def reachable_submission(request, submission_id) -> Submission:
    return get_object_or_404(Submission.objects.reachable_by(request.user), pk=submission_id)


def change_url(submission: Submission) -> str:
    return reverse("admin:submissions_submission_change", args=[submission.pk])


# Calls ------------------------------------------------------------------------------


def invite_juror(request, call_id, *, model_admin):
    """An editor invites a person to the call's jury by e-mail."""
    if not is_editor(request.user):
        raise PermissionDenied
    call = get_object_or_404(Call, pk=call_id)
    form = JurorInvitationForm(request.POST or None, initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        user = juror_invite(call=call, by=request.user, **form.cleaned_data)
        model_admin.message_user(
            request,
            _("%(email)s is on the jury of this call and is told by e-mail.")
            % {"email": user.email},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:submissions_call_change", args=[call.pk]))
    return page(
        request,
        model_admin,
        "admin/submissions/call/invite_juror.html",
        _("Invite a jury member to %(call)s") % {"call": call},
        call=call,
        form=form,
    )


@never_cache
@sensitive_post_parameters()
def juror_invitation(request, token, *, model_admin):
    """Where an invitation's link leads: the invited person sets their password, and
    then their second factor where the site requires one. The link works once."""
    user = invitation_user(token)
    if user is None:
        response = page(
            request,
            model_admin,
            "admin/submissions/call/invitation.html",
            _("This invitation link no longer works"),
            form=None,
        )
        response.status_code = 400
        return response
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()  # the link ends here: it was bound to the password as it was
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        audit("juror_invitation_accepted", user=user)
        if must_set_up_second_factor(user):
            return HttpResponseRedirect(reverse("admin:two_factor_setup"))
        messages.success(request, _("Your password is set. Welcome to the jury."))
        return HttpResponseRedirect(reverse("admin:index"))
    return page(
        request,
        model_admin,
        "admin/submissions/call/invitation.html",
        _("Set your password"),
        form=form,
        invited=user,
    )


# Submissions ---------------------------------------------------------------------------


@require_POST
def send_to_jury(request, submission_id, *, model_admin):
    """Send one received submission to the jury, from its own page, and stay there."""
    if not request.user.has_perm("submissions.decide_submission"):
        raise PermissionDenied
    submission = reachable_submission(request, submission_id)
    if submissions_start_review(submissions=[submission], by=request.user):
        model_admin.message_user(
            request,
            _("%(reference)s is sent to the jury.") % {"reference": submission.reference},
            messages.SUCCESS,
        )
    else:
        model_admin.message_user(
            request,
            _("%(reference)s was not sent to the jury: it is no longer waiting to be sent.")
            % {"reference": submission.reference},
            messages.WARNING,
        )
    return HttpResponseRedirect(change_url(submission))


def decide(request, submission_id, *, model_admin):
    if not request.user.has_perm("submissions.decide_submission"):
        raise PermissionDenied
    submission = reachable_submission(request, submission_id)
    # The page shows the jury's texts (the feedback draft): an editor on the jury reads
    # them after their own review, and one with a conflict of interest never.
    if submission.has_conflict_of(request.user):
        raise PermissionDenied(
            _(
                "You declared a conflict of interest with this submission: "
                "another editor decides on it."
            )
        )
    if Submission.objects.awaiting_review_by(request.user).filter(pk=submission.pk).exists():
        raise PermissionDenied(
            _("You sit on this submission's jury: give your review first, then decide.")
        )
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                submission_decide(
                    submission=submission,
                    accepted=form.cleaned_data["decision"] == "accept",
                    reason=form.cleaned_data["reason"],
                    feedback=form.cleaned_data["feedback"],
                    by=request.user,
                )
            except TransitionRefused as refused:
                # Shown on the form again, so that the typed reason and feedback stay.
                form.add_error(None, str(refused))
            else:
                model_admin.message_user(
                    request,
                    _("The decision is recorded and the submitter is told."),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url(submission))
    else:
        form = DecisionForm(initial={"feedback": jury_feedback_draft(submission)})
    title = _("Decision on %(reference)s") % {"reference": submission.reference}
    return page(
        request,
        model_admin,
        "admin/submissions/submission/decide.html",
        title,
        submission=submission,
        form=form,
        change_url=change_url(submission),
    )


def publish(request, submission_id, *, model_admin):
    if not request.user.has_perm("submissions.publish_submission"):
        raise PermissionDenied
    submission = reachable_submission(request, submission_id)
    if request.method == "POST":
        try:
            practice = submission_publish(submission=submission, by=request.user)
        except TransitionRefused as refused:
            model_admin.message_user(request, str(refused), messages.ERROR)
            return HttpResponseRedirect(change_url(submission))
        model_admin.message_user(
            request,
            _(
                "A draft practice was made from the submission. It can be published as "
                "it is; what is still to translate into the other languages is listed."
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:practices_practice_change", args=[practice.pk]))
    title = _("Publish %(reference)s as a practice") % {"reference": submission.reference}
    ratings = jury_ratings(submission)
    assessments = [
        (assessment, ratings.get(assessment.criterion_id))
        for assessment in submission.self_assessments.select_related("criterion")
    ]
    return page(
        request,
        model_admin,
        "admin/submissions/submission/publish.html",
        title,
        submission=submission,
        assessments=assessments,
        links=submission_links(submission),
        selection_round_year=(
            submission.call.results_by
            or timezone.localdate(submission.call.closes_at or submission.call.opens_at)
        ).year,
        change_url=change_url(submission),
    )


def personal_data(request, *, model_admin):
    """Export or erase one person's data, found by their e-mail address."""
    if not request.user.has_perm("submissions.view_contact_details"):
        raise PermissionDenied
    form = PersonalDataForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if "export" in request.POST:
            data = personal_data_export(email=email, by=request.user)
            response = HttpResponse(
                json.dumps(data, ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
            return response
        if "erase" in request.POST:
            if not form.cleaned_data["confirm"]:
                form.add_error("confirm", _("Tick the box to confirm the erasure."))
            else:
                count = personal_data_erase(email=email, by=request.user)
                model_admin.message_user(
                    request,
                    ngettext(
                        "The data of %(count)d submission was erased.",
                        "The data of %(count)d submissions was erased.",
                        count,
                    )
                    % {"count": count},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(request.path)
        found = submissions_of(email).count()
    return page(
        request,
        model_admin,
        "admin/submissions/submission/personal_data.html",
        _("Personal data of a submitter"),
        form=form,
        found=found,
    )


def attachment(request, submission_id, attachment_id, *, model_admin):
    submission = reachable_submission(request, submission_id)
    if submission.content_hidden_from(request.user):
        raise Http404
    found = get_object_or_404(submission.attachments, pk=attachment_id)
    try:
        content = found.file.open("rb")
    except OSError:  # FileNotFoundError, or the storage unreachable
        logger.error("Attachment %s of %s cannot be read from storage", found.pk, submission)
        raise NotFoundExplained(
            _(
                "The file %(name)s cannot be read from the storage: it may have been removed "
                "or the storage may be unreachable. The error has been logged for the "
                "administrator."
            )
            % {"name": found.original_name}
        ) from None
    response = FileResponse(
        content,
        as_attachment=True,
        filename=found.original_name,
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Reviews -------------------------------------------------------------------------------


def awaiting_review(user):
    """The submissions the jury member may still give a review of."""
    return Submission.objects.awaiting_review_by(user)


def review_refusal(review: Review | None, submission: Submission) -> str:
    """Why this jury member's review of the submission cannot be saved now, if it cannot."""
    if submission.status != Submission.Status.IN_REVIEW:
        return str(REVIEW_WHILE_IN_REVIEW)
    if review is not None and review.conflict_of_interest:
        return str(CONFLICT_STANDS)
    if review is not None and review.is_final():
        return str(REVIEW_IS_FINAL)
    return ""


def review(request, *, model_admin, existing: Review | None = None):
    """A jury member's review of one submission: a new one, their own while they may
    still change it, or any review they may see, read only. Saved by `review_save`, the
    one rule for reviews.

    The form is bound to the submission of its address, never to a field. What the
    jury member typed is never lost: a save refused (a second tab saved first, the
    submission was decided meanwhile, the review became final) shows the form again
    with the typed text and the reason.
    """
    user = request.user
    criteria = list(Criterion.objects.order_by("position"))
    if existing is None:
        if not model_admin.has_add_permission(request):
            raise PermissionDenied
        wanted = as_id(request.GET.get("submission") or "")
        submission = (
            Submission.objects.reachable_by(user).filter(pk=wanted).first() if wanted else None
        )
        if submission is None:
            return page(
                request,
                model_admin,
                "admin/submissions/review/choose.html",
                _("Choose a submission to review"),
                submissions=awaiting_review(user).select_related("call"),
            )
        own = submission.reviews.filter(juror=user).first()
        if request.method != "POST" and own is not None:
            return HttpResponseRedirect(reverse("admin:submissions_review_change", args=[own.pk]))
        review_of = None
    else:
        submission = existing.submission
        own = existing if existing.juror_id == user.pk else None
        review_of = existing
    form = None
    if own is not None or existing is None:
        # The jury member's own review, new or not: a form, while they may save it, and
        # after a refused save too (the typed text shown back).
        refusal = review_refusal(own, submission)
        if request.method == "POST" or not refusal:
            form = ReviewForm(
                request.POST or None,
                criteria=criteria,
                review=own,
                initial={"language": submission.language},
            )
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            saved = review_save(
                submission=submission,
                juror=user,
                conflict_of_interest=data["conflict_of_interest"],
                recommendation=data.get("recommendation") or "",
                language=data.get("language") or submission.language,
                comment_for_submitter=data.get("comment_for_submitter", ""),
                confidential_comment=data.get("confidential_comment", ""),
                scores=form.scores(),
                version=data.get("version", ""),
            )
        except StaleReview as refused:
            # Saving again replaces the review saved meanwhile, as the message says.
            current = submission.reviews.filter(juror=user).first()
            posted = request.POST.copy()
            posted["version"] = review_version(current)
            form = ReviewForm(posted, criteria=criteria, review=current)
            form.is_valid()
            form.add_error(None, str(refused))
        except (TransitionRefused, ReviewRefused) as refused:
            form.add_error(None, str(refused))
        else:
            if own is None:
                model_admin.log_addition(request, saved, [{"added": {}}])
            else:
                model_admin.log_change(request, saved, [{"changed": {"fields": ["scores"]}}])
            model_admin.message_user(
                request,
                _("Your review of %(reference)s is saved.")
                % {"reference": saved.submission.reference},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(change_url(saved.submission))
    # Why there is no form: the review is final, or the submission is no longer in review.
    final_note = review_refusal(own, submission) if form is None and review_of is own else ""
    answers = []
    if review_of is not None:
        scores = {score.criterion_id: score for score in review_of.scores.all()}
        answers = [(criterion, scores.get(criterion.pk)) for criterion in criteria]
    return page(
        request,
        model_admin,
        "admin/submissions/review/review.html",
        _("Review of %(reference)s") % {"reference": submission.reference},
        form=form,
        review=review_of,
        submission=submission,
        answers=answers,
        final_note=final_note,
        score_grid=score_grid(form, submission) if form is not None else [],
        own_review=own,
        content_hidden=submission.content_hidden_from(user),
        lift_form=(
            ConflictLiftForm()
            if review_of is not None
            and review_of.conflict_of_interest
            and is_editor(user)
            and review_of.juror_id != user.pk
            and submission.status == Submission.Status.IN_REVIEW
            else None
        ),
    )
