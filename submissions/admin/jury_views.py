"""The admin's pages of a call's jury work: for editors the ranking (with the jury's
agreement), the progress (with reminders) and the exports; for a jury member their desk.

Functions of the request and the ModelAdmin they belong to, wired in its get_urls().
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from website.audit import audit
from website.text import as_id

from ..agreement import call_agreement
from ..conflicts import ConflictRefused, conflict_declare, conflict_lift
from ..exports import call_export
from ..models import (
    Call,
    DeclaredConflict,
    Review,
    StaffProfile,
    Submission,
    language_of,
    language_set,
)
from ..notices import juror_remind
from ..progress import (
    Answer,
    answers_by_submission,
    call_conflicts,
    call_progress,
    juror_desk,
    jurors_of,
)
from ..ranking import call_ranking
from ..roles import is_editor, is_juror
from .forms import ConflictLiftForm, DeclaredConflictForm, StaffLanguageForm
from .views import page

EXPORTS = {("ranking", "xlsx"), ("ranking", "csv"), ("reviews", "xlsx"), ("reviews", "csv")}


def editors_call(request, call_id) -> Call:
    """The call, for a user allowed to see its jury's figures (editors)."""
    if not request.user.has_perm("submissions.view_ranking"):
        raise PermissionDenied
    return get_object_or_404(Call, pk=call_id)


def ranked_call(request, call_id) -> Call:
    """A call whose scores the user may see: an editor's, unless they sit on its jury and
    have not yet given their review of every submission sent to it (the ranking and the
    exports show the others' scores, and independent scoring holds for everyone)."""
    call = editors_call(request, call_id)
    if Submission.objects.awaiting_review_by(request.user).filter(call=call).exists():
        raise PermissionDenied(
            _(
                "You sit on this call's jury: its ranking opens to you once you have given "
                "your review of every submission sent to the jury, or declared a conflict "
                "of interest."
            )
        )
    return call


def ranking(request, call_id, *, model_admin):
    call = ranked_call(request, call_id)
    sort = request.GET.get("sort", "total")
    reviews = Review.objects.visible_to(request.user)
    criteria, rows = call_ranking(call, sort=sort, reviews=reviews)
    whole, per_criterion = call_agreement(call, reviews=reviews)
    return page(
        request,
        model_admin,
        "admin/submissions/call/ranking.html",
        _("Ranking: %(call)s") % {"call": call},
        call=call,
        criteria=criteria,
        rows=rows,
        sort=sort,
        agreement=whole,
        agreements=per_criterion,
        conflicts=call_conflicts(call),
    )


def progress(request, call_id, *, model_admin):
    call = editors_call(request, call_id)
    submissions, jurors = call_progress(call, today=timezone.localdate())
    return page(
        request,
        model_admin,
        "admin/submissions/call/progress.html",
        _("Progress of the jury: %(call)s") % {"call": call},
        call=call,
        matrix=answers_by_submission(submissions, jurors),
        jurors=jurors,
        Answer=Answer,
        conflicts=call_conflicts(call),
    )


@require_POST
def remind(request, call_id, *, model_admin):
    call = editors_call(request, call_id)
    if not request.user.has_perm("submissions.decide_submission"):
        raise PermissionDenied
    juror = jurors_of(call).filter(pk=as_id(request.POST.get("juror", ""))).first()
    if juror is None:
        raise Http404
    name = {"name": juror.get_full_name() or juror.get_username()}
    if not juror.email:
        model_admin.message_user(
            request,
            _("%(name)s has no e-mail address; add one to their account.") % name,
            messages.ERROR,
        )
    elif not Submission.objects.awaiting_review_by(juror).filter(call=call).exists():
        model_admin.message_user(
            request, _("Nothing of this call waits for %(name)s: no reminder sent.") % name
        )
    else:
        juror_remind(call=call, juror=juror, by=request.user)
        model_admin.message_user(
            request,
            _("A reminder to %(name)s is on its way.") % name,
            messages.SUCCESS,
        )
    return HttpResponseRedirect(reverse("admin:submissions_call_progress", args=[call.pk]))


def export(request, call_id, what, file_format, *, model_admin):
    call = ranked_call(request, call_id)
    if (what, file_format) not in EXPORTS:
        raise Http404
    audit(f"export_{what}", user=request.user, call=call.slug, format=file_format)
    return call_export(call, user=request.user, what=what, file_format=file_format)


def desk(request, *, model_admin):
    """A jury member's own page: the calls they review and what waits for them, and the
    language of the e-mail the site sends them."""
    if not is_juror(request.user):
        raise PermissionDenied
    profile = StaffProfile.objects.filter(user=request.user).first()
    language_form = StaffLanguageForm(
        request.POST or None,
        instance=profile,
        initial={"language": language_of(request.user)},
    )
    if request.method == "POST" and language_form.is_valid():
        language_set(user=request.user, language=language_form.cleaned_data["language"])
        model_admin.message_user(
            request, _("The language of your e-mail is saved."), messages.SUCCESS
        )
        return HttpResponseRedirect(request.path)
    return page(
        request,
        model_admin,
        "admin/submissions/review/desk.html",
        _("Your jury work"),
        desk=juror_desk(request.user, today=timezone.localdate()),
        language_form=language_form,
    )


def declare_conflicts(request, call_id, *, model_admin):
    """A jury member's conflicts of interest with a call they review: with the
    submissions from an organisation, or with all of them, declared before or while
    the submissions are sent to the jury."""
    if not is_juror(request.user):
        raise PermissionDenied
    call = get_object_or_404(Call.objects.reviewed_by(request.user), pk=call_id)
    form = DeclaredConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            declaration, applied = conflict_declare(
                call=call,
                juror=request.user,
                organisation=""
                if form.cleaned_data["whole_call"]
                else form.cleaned_data["organisation"],
                note=form.cleaned_data["note"],
            )
        except ConflictRefused as refused:
            form.add_error(None, str(refused))
        else:
            model_admin.message_user(
                request,
                ngettext(
                    "Your conflict of interest (%(scope)s) is declared. It applies to "
                    "%(count)d submission already with the jury and will apply to those "
                    "sent later.",
                    "Your conflict of interest (%(scope)s) is declared. It applies to "
                    "%(count)d submissions already with the jury and will apply to those "
                    "sent later.",
                    applied,
                )
                % {"scope": declaration.scope, "count": applied},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
    return page(
        request,
        model_admin,
        "admin/submissions/review/declare_conflicts.html",
        _("Your conflicts of interest: %(call)s") % {"call": call},
        call=call,
        form=form,
        declarations=DeclaredConflict.objects.filter(call=call, juror=request.user),
    )


@require_POST
def lift_conflict(request, review_id, *, model_admin):
    """An editor lifts a jury member's conflict of interest with a submission."""
    review = get_object_or_404(
        Review.objects.visible_to(request.user).select_related("submission", "juror"),
        pk=review_id,
        conflict_of_interest=True,
    )
    if not is_editor(request.user):
        raise PermissionDenied
    back = reverse("admin:submissions_review_change", args=[review.pk])
    form = ConflictLiftForm(request.POST)
    if not form.is_valid():
        model_admin.message_user(
            request, _("Say why the conflict of interest is lifted."), messages.ERROR
        )
        return HttpResponseRedirect(back)
    try:
        lifted = conflict_lift(review=review, by=request.user, reason=form.cleaned_data["reason"])
    except ConflictRefused as refused:
        model_admin.message_user(request, str(refused), messages.ERROR)
        return HttpResponseRedirect(back)
    model_admin.message_user(
        request,
        _(
            "The conflict of interest of %(name)s with %(reference)s is lifted; the call's "
            "editors are told. %(name)s may now score it."
        )
        % {
            "name": lifted.juror.get_full_name() or lifted.juror.get_username(),
            "reference": lifted.submission.reference,
        },
        messages.SUCCESS,
    )
    return HttpResponseRedirect(
        reverse("admin:submissions_submission_change", args=[lifted.submission_id])
    )
