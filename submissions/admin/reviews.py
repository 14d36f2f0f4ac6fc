"""Reviews in the admin: the list, and each review's own page (views.review)."""

from functools import partial

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from website.admin import CatalogueAdminMixin

from ..models import Review, Submission
from ..roles import is_editor, is_juror
from . import jury_views, views


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
    # What the history's versions show, read only; the scores have their own history.
    fields = [
        "submission",
        "juror",
        "conflict_of_interest",
        "recommendation",
        "language",
        "comment_for_submitter",
        "confidential_comment",
    ]
    readonly_fields = fields

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
            and not obj.conflict_of_interest  # stands until an editor lifts it
            and not obj.is_final()
            and super().has_change_permission(request, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return False

    def home_url(self, request) -> str | None:
        """Where a jury member (not an editor) lands after logging in: their desk."""
        if is_juror(request.user) and not is_editor(request.user):
            return reverse("admin:submissions_review_desk")
        return None

    def get_urls(self):
        return [
            path(
                "desk/",
                self.admin_site.admin_view(partial(jury_views.desk, model_admin=self)),
                name="submissions_review_desk",
            ),
            path(
                "desk/conflicts/<int:call_id>/",
                self.admin_site.admin_view(partial(jury_views.declare_conflicts, model_admin=self)),
                name="submissions_review_declare_conflicts",
            ),
            path(
                "<int:review_id>/lift-conflict/",
                self.admin_site.admin_view(partial(jury_views.lift_conflict, model_admin=self)),
                name="submissions_review_lift_conflict",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return views.review(request, model_admin=self)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        review = self.get_object(request, unquote(object_id))
        if review is None:
            raise Http404
        return views.review(request, model_admin=self, existing=review)
