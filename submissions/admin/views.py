"""The submissions admin's own pages: a decision, publishing,
a submitter's personal data, an attachment, and a jury member's review.

Each is a function of the request and the ModelAdmin it belongs to (for its site,
its options and its permission checks); the ModelAdmins wire them in get_urls().
"""

import json

from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from practices.models import Criterion
from website.text import as_id

from ..models import REVIEW_IS_FINAL, Review, Submission
from ..privacy import personal_data_erase, personal_data_export, submissions_of
from ..services import (
    ReviewRefused,
    jury_feedback_draft,
    review_save,
    submission_decide,
    submission_publish,
)
from ..workflow import TransitionRefused
from .forms import DecisionForm, PersonalDataForm, ReviewForm, score_grid


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


# Submissions ---------------------------------------------------------------------------


def decide(request, submission_id, *, model_admin):
    if not request.user.has_perm("submissions.decide_submission"):
        raise PermissionDenied
    submission = reachable_submission(request, submission_id)
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
                "A draft practice was made from the submission. "
                "Complete the other languages and publish it."
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:practices_practice_change", args=[practice.pk]))
    title = _("Publish %(reference)s as a practice") % {"reference": submission.reference}
    return page(
        request,
        model_admin,
        "admin/submissions/submission/publish.html",
        title,
        submission=submission,
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
    found = get_object_or_404(submission.attachments, pk=attachment_id)
    response = FileResponse(
        found.file.open("rb"),
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


def review(request, *, model_admin, existing: Review | None = None):
    """A jury member's review: a new one (of a submission chosen among those awaiting
    their review), their own while they may still change it, or any review they may
    see, read only. Saved by `review_save`, the one rule for reviews."""
    user = request.user
    criteria = list(Criterion.objects.order_by("position"))
    if existing is None:
        if not model_admin.has_add_permission(request):
            raise PermissionDenied
        choices = awaiting_review(user)
        wanted = request.POST.get("submission") or request.GET.get("submission") or ""
        submission = choices.filter(pk=as_id(wanted)).first() if as_id(wanted) else None
        form = ReviewForm(
            request.POST or None,
            criteria=criteria,
            submissions=choices,
            initial={"submission": submission.pk if submission else None},
        )
    else:
        submission = existing.submission
        editable = model_admin.has_change_permission(request, existing)
        if request.method == "POST" and not editable:
            raise PermissionDenied(REVIEW_IS_FINAL if existing.juror_id == user.pk else "")
        form = (
            ReviewForm(request.POST or None, criteria=criteria, review=existing)
            if editable
            else None
        )
    if request.method == "POST" and form.is_valid():
        try:
            saved = review_save(
                submission=form.cleaned_data.get("submission") or submission,
                juror=user,
                conflict_of_interest=form.cleaned_data["conflict_of_interest"],
                recommendation=form.cleaned_data.get("recommendation") or "",
                comment=form.cleaned_data.get("comment", ""),
                scores=form.scores(),
            )
        except (TransitionRefused, ReviewRefused) as refused:
            raise PermissionDenied(str(refused)) from refused
        if existing is None:
            model_admin.log_addition(request, saved, [{"added": {}}])
        else:
            model_admin.log_change(request, saved, [{"changed": {"fields": ["scores"]}}])
        model_admin.message_user(
            request,
            _("Your review of %(reference)s is saved.") % {"reference": saved.submission.reference},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(change_url(saved.submission))
    final_note = (
        REVIEW_IS_FINAL
        if existing is not None and existing.juror_id == user.pk and form is None
        else ""
    )
    answers = []
    if existing is not None:
        scores = {score.criterion_id: score for score in existing.scores.all()}
        answers = [(criterion, scores.get(criterion.pk)) for criterion in criteria]
    title = (
        _("Review of %(reference)s") % {"reference": submission.reference}
        if submission
        else (_("Add review"))
    )
    return page(
        request,
        model_admin,
        "admin/submissions/review/review.html",
        title,
        form=form,
        review=existing,
        submission=submission,
        answers=answers,
        final_note=final_note,
        score_grid=score_grid(form, submission) if form is not None else [],
    )
