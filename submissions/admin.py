"""The admin of calls, submissions and reviews, for editors and jury members.

Who sees what is decided here and in the querysets (`reachable_by`,
`visible_to`): a jury member sees only the submissions of the calls assigned
to them, never the submitter's contact details, and others' reviews only
after giving their own.
"""

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from practices.models import Criterion, Rating
from website.admin import CatalogueAdminMixin, CatalogueInlineMixin
from website.audit import audit
from website.text import PlainTextFormMixin, PlainTextModelForm

from .models import (
    REVIEW_IS_FINAL,
    Attachment,
    Call,
    Review,
    SelfAssessment,
    Submission,
    SubmissionTransition,
)
from .privacy import personal_data_erase, personal_data_export, submissions_of
from .ranking import call_ranking, ranking_csv
from .roles import JURY, is_editor, is_juror
from .services import (
    ReviewRefused,
    jury_feedback_draft,
    review_save,
    submission_decide,
    submission_publish,
    submissions_start_review,
)
from .workflow import TransitionRefused, allowed_transitions

CONTACT_FIELDS = ["contact_name", "contact_email", "contact_phone"]


def jury_members():
    return get_user_model().objects.filter(groups__name=JURY, is_active=True).order_by("username")


# Calls --------------------------------------------------------------------------


@admin.register(Call)
class CallAdmin(CatalogueAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = [
        "title",
        "opens_at",
        "closes_at",
        "state_display",
        "is_published",
        "submission_count",
        "ranking_link",
    ]
    list_filter = ["is_published"]
    search_fields = ["title_fi", "title_sv", "title_en", "slug"]
    prepopulated_fields = {"slug": ["title_fi"]}
    filter_horizontal = ["themes", "jurors"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "body", "themes", "is_published"]}),
        (_("Dates"), {"fields": ["opens_at", "closes_at", "grace_minutes", "results_by"]}),
        (_("Contact and partners"), {"fields": ["contact_email", "partners"]}),
        (_("Jury"), {"fields": ["jurors"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(submission_total=Count("submissions"))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "jurors":
            kwargs["queryset"] = jury_members()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("state"))
    def state_display(self, call):
        return call.state.label

    @admin.display(description=_("submissions"), ordering="submission_total")
    def submission_count(self, call):
        return call.submission_total

    @admin.display(description=_("ranking"))
    def ranking_link(self, call):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:submissions_call_ranking", args=[call.pk]),
            _("Ranking"),
        )

    def get_urls(self):
        return [
            path(
                "<int:call_id>/ranking/",
                self.admin_site.admin_view(self.ranking_view),
                name="submissions_call_ranking",
            ),
            path(
                "<int:call_id>/ranking.csv",
                self.admin_site.admin_view(self.ranking_csv_view),
                name="submissions_call_ranking_csv",
            ),
            *super().get_urls(),
        ]

    def _ranked_call(self, request, call_id):
        if not request.user.has_perm("submissions.view_ranking"):
            raise PermissionDenied
        return get_object_or_404(Call, pk=call_id)

    def ranking_view(self, request, call_id):
        call = self._ranked_call(request, call_id)
        sort = request.GET.get("sort", "total")
        criteria, rows = call_ranking(call, sort=sort)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Ranking: %(call)s") % {"call": call},
            "call": call,
            "criteria": criteria,
            "rows": rows,
            "sort": sort,
        }
        return TemplateResponse(request, "admin/submissions/call/ranking.html", context)

    def ranking_csv_view(self, request, call_id):
        call = self._ranked_call(request, call_id)
        audit("export_ranking", user=request.user, call=call.slug)
        return ranking_csv(call, sort=request.GET.get("sort", "total"))


# Submissions -------------------------------------------------------------------


class ReadOnlyInline(CatalogueInlineMixin, admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SelfAssessmentInline(ReadOnlyInline):
    model = SelfAssessment
    fields = ["criterion", "text"]
    readonly_fields = fields
    verbose_name_plural = _("self-assessment against the six criteria")


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["download", "content_type", "size"]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, attachment):
        url = reverse(
            "admin:submissions_submission_attachment",
            args=[attachment.submission_id, attachment.pk],
        )
        return format_html('<a href="{}">{}</a>', url, attachment.original_name)


class TransitionInline(ReadOnlyInline):
    model = SubmissionTransition
    fields = ["from_status", "to_status", "by", "at", "note"]
    readonly_fields = fields
    verbose_name_plural = _("history of the status")


@admin.register(Submission)
class SubmissionAdmin(CatalogueAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "reference",
        "title",
        "organisation",
        "call",
        "status",
        "created_at",
        "review_count",
        "own_review",
    ]
    # Only the calls of submissions the user reaches: a juror sees no other call's title.
    list_filter = [("call", admin.RelatedOnlyFieldListFilter), "status"]
    search_fields = ["reference", "title", "organisation"]
    list_select_related = ["call"]
    date_hierarchy = "created_at"
    filter_horizontal = ["extra_jurors"]
    actions = ["send_to_jury"]
    inlines = [SelfAssessmentInline, AttachmentInline, TransitionInline]
    practice_fields = [
        "reference",
        "call",
        "status",
        "language",
        "created_at",
        "title",
        "organisation",
        "municipalities",
        "themes",
        "target_groups",
        "summary",
        "goal",
        "how_it_works",
        "results",
        "resources",
        "adoption",
        "links",
    ]
    decision_fields = ["decision_reason", "feedback", "practice"]
    change_form_template = "admin/submissions/submission/change_form.html"

    def get_queryset(self, request):
        own_review = Review.objects.filter(submission=OuterRef("pk"), juror=request.user.pk)
        return (
            Submission.objects.reachable_by(request.user)
            .select_related("call")
            .annotate(review_total=Count("reviews", distinct=True), own_reviewed=Exists(own_review))
        )

    def get_search_fields(self, request):
        if request.user.has_perm("submissions.view_contact_details"):
            return [*self.search_fields, "contact_name", "contact_email"]
        return self.search_fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(None, {"fields": self.practice_fields})]
        if request.user.has_perm("submissions.view_contact_details"):
            fieldsets.append((_("Contact person"), {"fields": CONTACT_FIELDS}))
        fieldsets.append(
            (_("Jury and decision"), {"fields": ["extra_jurors", *self.decision_fields]})
        )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = [*self.practice_fields, *CONTACT_FIELDS, *self.decision_fields]
        if not request.user.has_perm("submissions.change_submission"):
            fields.append("extra_jurors")
        return fields

    def get_inlines(self, request, obj):
        if is_editor(request.user):
            return self.inlines
        return [SelfAssessmentInline, AttachmentInline]

    def get_list_display(self, request):
        if is_juror(request.user):
            return self.list_display
        return [name for name in self.list_display if name != "own_review"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "extra_jurors":
            kwargs["queryset"] = jury_members()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_add_permission(self, request):
        # Submissions come from the public form only.
        return False

    @admin.display(description=_("reviews"), ordering="review_total")
    def review_count(self, submission):
        return submission.review_total

    @admin.display(description=_("your review"), boolean=True, ordering="own_reviewed")
    def own_review(self, submission):
        return submission.own_reviewed

    def change_view(self, request, object_id, form_url="", extra_context=None):
        submission = self.get_object(request, object_id)
        if submission is None:
            raise Http404
        own_review = submission.reviews.filter(juror=request.user).first()
        visible_reviews = (
            Review.objects.visible_to(request.user)
            .filter(submission=submission)
            .select_related("juror")
            .prefetch_related("scores__criterion")
        )
        extra_context = {
            **(extra_context or {}),
            "transitions": allowed_transitions(submission.status)
            if is_editor(request.user)
            else [],
            "can_review": is_juror(request.user)
            and submission.status == Submission.Status.IN_REVIEW,
            "own_review": own_review,
            "own_review_final": own_review is not None and own_review.is_final(),
            "visible_reviews": visible_reviews,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(
        description=_("Send the selected submissions to the jury"), permissions=["decide"]
    )
    def send_to_jury(self, request, queryset):
        moved = submissions_start_review(
            submissions=queryset.filter(status=Submission.Status.RECEIVED), by=request.user
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d submission sent to the jury.",
                "%(count)d submissions sent to the jury.",
                moved,
            )
            % {"count": moved},
            messages.SUCCESS,
        )

    def has_decide_permission(self, request):
        return request.user.has_perm("submissions.decide_submission")

    def get_urls(self):
        return [
            path(
                "<int:submission_id>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="submissions_submission_decide",
            ),
            path(
                "<int:submission_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="submissions_submission_publish",
            ),
            path(
                "personal-data/",
                self.admin_site.admin_view(self.personal_data_view),
                name="submissions_personal_data",
            ),
            path(
                "<int:submission_id>/attachments/<int:attachment_id>/",
                self.admin_site.admin_view(self.attachment_view),
                name="submissions_submission_attachment",
            ),
            *super().get_urls(),
        ]

    def _reachable(self, request, submission_id) -> Submission:
        return get_object_or_404(Submission.objects.reachable_by(request.user), pk=submission_id)

    def decide_view(self, request, submission_id):
        if not self.has_decide_permission(request):
            raise PermissionDenied
        submission = self._reachable(request, submission_id)
        change_url = reverse("admin:submissions_submission_change", args=[submission.pk])
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
                    self.message_user(
                        request,
                        _("The decision is recorded and the submitter is told."),
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(change_url)
        else:
            form = DecisionForm(initial={"feedback": jury_feedback_draft(submission)})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Decision on %(reference)s") % {"reference": submission.reference},
            "submission": submission,
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/submissions/submission/decide.html", context)

    def publish_view(self, request, submission_id):
        if not request.user.has_perm("submissions.publish_submission"):
            raise PermissionDenied
        submission = self._reachable(request, submission_id)
        change_url = reverse("admin:submissions_submission_change", args=[submission.pk])
        if request.method == "POST":
            try:
                practice = submission_publish(submission=submission, by=request.user)
            except TransitionRefused as refused:
                self.message_user(request, str(refused), messages.ERROR)
                return HttpResponseRedirect(change_url)
            self.message_user(
                request,
                _(
                    "A draft practice was made from the submission. "
                    "Complete the other languages and publish it."
                ),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(
                reverse("admin:practices_practice_change", args=[practice.pk])
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Publish %(reference)s as a practice") % {"reference": submission.reference},
            "submission": submission,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/submissions/submission/publish.html", context)

    def personal_data_view(self, request):
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
                    self.message_user(
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
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Personal data of a submitter"),
            "form": form,
            "found": found,
        }
        return TemplateResponse(request, "admin/submissions/submission/personal_data.html", context)

    def attachment_view(self, request, submission_id, attachment_id):
        submission = self._reachable(request, submission_id)
        attachment = get_object_or_404(submission.attachments, pk=attachment_id)
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class PersonalDataForm(PlainTextFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address of the submitter"))
    confirm = forms.BooleanField(
        label=_("I want to erase this person's contact details, attachments and e-mail"),
        required=False,
    )


class DecisionForm(PlainTextFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the decision"),
        help_text=_("For the editors' records; the submitter does not see it."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    feedback = forms.CharField(
        label=_("Feedback to the submitter"),
        help_text=_("Drawn from the jury's comments. Never name a jury member."),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=10000,
    )


# Reviews -----------------------------------------------------------------------

SCALE_HELP = _("0 = not met, 1 = partly met, 2 = met, 3 = met excellently.")


class ReviewForm(PlainTextModelForm):
    """A jury member's review; the score fields for each criterion are added per request."""

    class Meta:
        model = Review
        fields = ["submission", "conflict_of_interest", "recommendation", "comment"]

    criteria: list[Criterion] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for score in self.instance.scores.all():
                self.initial[f"score_{score.criterion_id}"] = score.score
                self.initial[f"comment_{score.criterion_id}"] = score.comment

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("conflict_of_interest"):
            return cleaned
        if not cleaned.get("recommendation"):
            self.add_error("recommendation", _("Give your overall recommendation."))
        for criterion in self.criteria:
            if cleaned.get(f"score_{criterion.pk}") in (None, ""):
                self.add_error(f"score_{criterion.pk}", _("Give a score from 0 to 3."))
        return cleaned

    def scores(self) -> dict:
        return {
            criterion: (
                int(self.cleaned_data[f"score_{criterion.pk}"]),
                self.cleaned_data.get(f"comment_{criterion.pk}", ""),
            )
            for criterion in self.criteria
            if self.cleaned_data.get(f"score_{criterion.pk}") not in (None, "")
        }


def review_form_class(criteria: list[Criterion]) -> type[ReviewForm]:
    fields = {"criteria": criteria}
    for criterion in criteria:
        fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
            label=criterion.name,
            choices=Rating.choices,
            coerce=int,
            required=False,
            widget=forms.RadioSelect,
            help_text=format_html("{}<br>{}", criterion.description, SCALE_HELP),
        )
        fields[f"comment_{criterion.pk}"] = forms.CharField(
            label=_("Comment on “%(criterion)s”") % {"criterion": criterion.name},
            required=False,
            max_length=3000,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
    return type("ScoredReviewForm", (ReviewForm,), fields)


@admin.register(Review)
class ReviewAdmin(CatalogueAdminMixin, SimpleHistoryAdmin):
    list_display = ["submission", "juror", "conflict_of_interest", "recommendation", "submitted_at"]
    list_filter = [
        ("submission__call", admin.RelatedOnlyFieldListFilter),
        "recommendation",
        "conflict_of_interest",
    ]
    list_select_related = ["submission", "juror"]
    search_fields = ["submission__reference", "submission__title"]
    change_form_template = "admin/submissions/review/change_form.html"

    def get_queryset(self, request):
        return Review.objects.visible_to(request.user).select_related("submission", "juror")

    def has_add_permission(self, request):
        # Only jury members give reviews; an editor who is not on the jury reads them.
        return is_juror(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return (
            obj.juror_id == request.user.pk
            and obj.submission.status == Submission.Status.IN_REVIEW
            and not obj.is_final()
            and super().has_change_permission(request, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        criteria = list(Criterion.objects.order_by("position"))
        kwargs["form"] = review_form_class(criteria)
        form = super().get_form(request, obj, change=change, **kwargs)
        if "submission" in form.base_fields:
            reviewed = Review.objects.filter(juror=request.user).values("submission_id")
            form.base_fields["submission"].queryset = (
                Submission.objects.reachable_by(request.user)
                .filter(status=Submission.Status.IN_REVIEW)
                .exclude(pk__in=reviewed)
            )
        return form

    def get_fieldsets(self, request, obj=None):
        criteria = list(Criterion.objects.order_by("position"))
        fieldsets = [
            (None, {"fields": ["submission", "conflict_of_interest"]}),
        ]
        for criterion in criteria:
            fieldsets.append(
                (criterion.name, {"fields": [f"score_{criterion.pk}", f"comment_{criterion.pk}"]})
            )
        fieldsets.append((_("Overall"), {"fields": ["recommendation", "comment"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return ["submission"] if obj else []

    def get_changeform_initial_data(self, request):
        return {"submission": request.GET.get("submission")}

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        submission = obj.submission if obj else None
        if submission is None:
            wanted = request.GET.get("submission") or request.POST.get("submission")
            if wanted and str(wanted).isdigit():
                submission = Submission.objects.reachable_by(request.user).filter(pk=wanted).first()
        context["submission"] = submission
        if obj and obj.juror_id == request.user.pk and obj.is_final():
            context["final_note"] = REVIEW_IS_FINAL
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        try:
            review = review_save(
                submission=form.cleaned_data.get("submission") or obj.submission,
                juror=request.user,
                conflict_of_interest=form.cleaned_data["conflict_of_interest"],
                recommendation=form.cleaned_data.get("recommendation") or "",
                comment=form.cleaned_data.get("comment", ""),
                scores=form.scores(),
            )
        except (TransitionRefused, ReviewRefused) as refused:
            raise PermissionDenied(str(refused)) from refused
        # The admin logs and redirects with the object it was given.
        obj.pk, obj.juror, obj.submission = review.pk, review.juror, review.submission

    def save_related(self, request, form, formsets, change):
        pass  # the scores are saved by review_save
