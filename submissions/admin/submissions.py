"""Submissions in the admin: what editors decide on and jury members score.

Who sees what is decided here and in the querysets (`reachable_by`, `visible_to`):
a jury member sees only the submissions of the calls assigned to them, never the
submitter's contact details, and others' reviews only after giving their own.
"""

from functools import partial

from django.contrib import admin, messages
from django.db.models import Case, Count, Exists, F, OuterRef, Value, When
from django.http import Http404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from website.admin import CatalogueAdminMixin, CatalogueInlineMixin

from ..models import Attachment, Review, SelfAssessment, Submission, SubmissionTransition
from ..ranking import disagreement_on
from ..roles import is_editor, is_juror
from ..services import conflicts_declare, submissions_start_review
from ..workflow import allowed_transitions
from . import views
from .calls import jury_field, jury_members

CONTACT_FIELDS = ["contact_name", "contact_email", "contact_phone"]


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
        "organisation_shown",
        "call",
        "status",
        "created_at",
        "review_count",
        "jury_disagrees",
        "own_review",
    ]
    # A jury member's list: their own review's state first, so that it shows on a
    # narrow screen without scrolling sideways.
    juror_list_display = [
        "reference",
        "own_review",
        "title",
        "organisation_shown",
        "call",
        "status",
        "review_count",
    ]
    # Only the calls of submissions the user reaches: a juror sees no other call's title.
    list_filter = [("call", admin.RelatedOnlyFieldListFilter), "status"]
    # What the role sees of each row, never more (the annotations of get_queryset): a
    # juror with a conflict would otherwise find the hidden organisation letter by letter.
    search_fields = ["reference", "title", "organisation_seen"]
    list_select_related = ["call"]
    date_hierarchy = "created_at"
    filter_horizontal = ["extra_jurors"]
    actions = ["send_to_jury", "declare_conflict"]
    inlines = [SelfAssessmentInline, AttachmentInline, TransitionInline]
    practice_fields = [
        "reference",
        "call",
        "status",
        "language",
        "created_at",
        "title",
        "organisation",
        "funder",
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
            .annotate(
                review_total=Count("reviews", distinct=True),
                own_reviewed=Exists(own_review),
                # A jury member with a conflict of interest sees the title only; an
                # editor still runs the call.
                content_hidden=Value(False)
                if is_editor(request.user)
                else Exists(own_review.filter(conflict_of_interest=True)),
            )
            .annotate(
                # The organisation and the number of reviews as the list shows them, for
                # the search and the order: a row hides them from a juror with a conflict.
                organisation_seen=Case(
                    When(content_hidden=True, then=Value("")), default=F("organisation")
                ),
                reviews_seen=Case(
                    When(content_hidden=True, then=Value(None)), default=F("review_total")
                ),
            )
            .with_disagreement(Review.objects.visible_to(request.user))
            # Explicit: with the counts grouped, the model's ordering no longer applies, and
            # the jury's autocomplete pages through this queryset.
            .order_by("-created_at", "pk")
        )

    def get_search_fields(self, request):
        if request.user.has_perm("submissions.view_contact_details"):
            return [*self.search_fields, "contact_name", "contact_email"]
        return self.search_fields

    def get_fieldsets(self, request, obj=None):
        if obj is not None and obj.content_hidden_from(request.user):
            return [(None, {"fields": ["reference", "title"]})]
        fieldsets = [(None, {"fields": self.practice_fields})]
        if request.user.has_perm("submissions.view_contact_details"):
            fieldsets.append((_("Contact person"), {"fields": CONTACT_FIELDS}))
        decision_fields = (
            self.decision_fields
            if Submission.decision_texts_visible_to(request.user)
            else ["practice"]
        )
        fieldsets.append((_("Jury and decision"), {"fields": ["extra_jurors", *decision_fields]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = [*self.practice_fields, *CONTACT_FIELDS, *self.decision_fields]
        if not request.user.has_perm("submissions.change_submission"):
            fields.append("extra_jurors")
        return fields

    def get_inlines(self, request, obj):
        if is_editor(request.user):
            return self.inlines
        if obj is not None and obj.content_hidden_from(request.user):
            return []
        return [SelfAssessmentInline, AttachmentInline]

    def has_view_history_or_change_history_permission(self, request, obj=None):
        # The history holds every text the submission had, the decision's reason too:
        # for the editors only.
        return is_editor(request.user) and super().has_view_history_or_change_history_permission(
            request, obj
        )

    def get_list_display(self, request):
        if is_juror(request.user) and not is_editor(request.user):
            return self.juror_list_display
        hidden = set()
        if not is_juror(request.user):
            hidden.add("own_review")
        if not request.user.has_perm("submissions.view_ranking"):
            hidden.add("jury_disagrees")
        return [name for name in self.list_display if name not in hidden]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "extra_jurors":
            kwargs["queryset"] = jury_members()
            return jury_field(super().formfield_for_manytomany(db_field, request, **kwargs))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_add_permission(self, request):
        # Submissions come from the public form only.
        return False

    @admin.display(description=_("organisation"), ordering="organisation_seen")
    def organisation_shown(self, submission):
        return "–" if submission.content_hidden else submission.organisation_seen

    @admin.display(description=_("reviews"), ordering="reviews_seen")
    def review_count(self, submission):
        return "–" if submission.content_hidden else submission.reviews_seen

    @admin.display(description=_("jury disagree"), boolean=True, ordering="disagreement")
    def jury_disagrees(self, submission):
        return submission.disagreement

    @admin.display(description=_("your review"), boolean=True, ordering="own_reviewed")
    def own_review(self, submission):
        return submission.own_reviewed

    def change_view(self, request, object_id, form_url="", extra_context=None):
        submission = self.get_object(request, object_id)
        if submission is None:
            raise Http404
        own_review = submission.reviews.filter(juror=request.user).first()
        hidden = submission.content_hidden_from(request.user)
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
            "content_hidden": hidden,
            "own_review": own_review,
            "own_review_final": own_review is not None and own_review.is_final(),
            "visible_reviews": visible_reviews,
            "disagreement": self.disagreement_on(request, submission),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def disagreement_on(self, request, submission) -> list:
        """The criteria on which the jury disagree, for those who see the ranking."""
        if not request.user.has_perm("submissions.view_ranking"):
            return []
        return disagreement_on(submission, reviews=Review.objects.visible_to(request.user))

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

    @admin.action(
        description=_("Declare a conflict of interest with the selected submissions"),
        permissions=["review"],
    )
    def declare_conflict(self, request, queryset):
        declared = conflicts_declare(submissions=queryset, juror=request.user)
        self.message_user(
            request,
            ngettext(
                "A conflict of interest is declared with %(count)d submission: you will not "
                "see its content or its reviews.",
                "A conflict of interest is declared with %(count)d submissions: you will not "
                "see their content or their reviews.",
                declared,
            )
            % {"count": declared},
            messages.SUCCESS,
        )

    def has_review_permission(self, request):
        return is_juror(request.user)

    def has_decide_permission(self, request):
        return request.user.has_perm("submissions.decide_submission")

    def get_urls(self):
        def own(view):
            return self.admin_site.admin_view(partial(view, model_admin=self))

        return [
            path(
                "<int:submission_id>/decide/",
                own(views.decide),
                name="submissions_submission_decide",
            ),
            path(
                "<int:submission_id>/send-to-jury/",
                own(views.send_to_jury),
                name="submissions_submission_send_to_jury",
            ),
            path(
                "<int:submission_id>/publish/",
                own(views.publish),
                name="submissions_submission_publish",
            ),
            path("personal-data/", own(views.personal_data), name="submissions_personal_data"),
            path(
                "<int:submission_id>/attachments/<int:attachment_id>/",
                own(views.attachment),
                name="submissions_submission_attachment",
            ),
            *super().get_urls(),
        ]
