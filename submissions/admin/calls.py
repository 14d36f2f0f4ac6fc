"""Calls for practices in the admin, with the jury's ranking of each."""

from functools import partial

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from website.admin import CatalogueAdminMixin

from ..models import Call
from ..roles import JURY
from . import jury_views, views


def jury_members():
    return (
        get_user_model()
        .objects.filter(groups__name=JURY, is_active=True)
        .order_by("last_name", "first_name", "username")
    )


def juror_label(user) -> str:
    """A jury member as the pickers name them: by name, with the address that tells two
    people of the same name apart (a user name says little to an editor)."""
    name = user.get_full_name() or user.get_username()
    return f"{name} <{user.email}>" if user.email else name


def jury_field(formfield):
    """A picker of jury members that shows their names."""
    if formfield is not None:
        formfield.label_from_instance = juror_label
    return formfield


@admin.register(Call)
class CallAdmin(CatalogueAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = [
        "title",
        "opens_at",
        "closes_at",
        "state_display",
        "is_published",
        "submission_count",
        "jury_links",
    ]
    list_filter = ["is_published"]
    search_fields = ["title_fi", "title_sv", "title_en", "slug"]
    prepopulated_fields = {"slug": ["title_fi"]}
    filter_horizontal = ["themes", "jurors"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "body", "themes", "is_published"]}),
        (
            _("Dates"),
            {"fields": ["opens_at", "closes_at", "grace_minutes", "reviews_due", "results_by"]},
        ),
        (_("Contact and partners"), {"fields": ["contact_email", "partners"]}),
        (_("Jury"), {"fields": ["jurors"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(submission_total=Count("submissions"))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "jurors":
            kwargs["queryset"] = jury_members()
            return jury_field(super().formfield_for_manytomany(db_field, request, **kwargs))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("state"))
    def state_display(self, call):
        return call.state.label

    @admin.display(description=_("submissions"), ordering="submission_total")
    def submission_count(self, call):
        return call.submission_total

    @admin.display(description=_("jury"))
    def jury_links(self, call):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:submissions_call_progress", args=[call.pk]),
            _("Progress"),
            reverse("admin:submissions_call_ranking", args=[call.pk]),
            _("Ranking"),
        )

    def get_list_display(self, request):
        if request.user.has_perm("submissions.view_ranking"):
            return self.list_display
        return [name for name in self.list_display if name != "jury_links"]

    def get_urls(self):
        def own(view):
            return self.admin_site.admin_view(partial(view, model_admin=self))

        return [
            path(
                "<int:call_id>/ranking/", own(jury_views.ranking), name="submissions_call_ranking"
            ),
            path(
                "<int:call_id>/progress/",
                own(jury_views.progress),
                name="submissions_call_progress",
            ),
            path(
                "<int:call_id>/progress/remind/",
                own(jury_views.remind),
                name="submissions_call_remind",
            ),
            path(
                "<int:call_id>/<slug:what>.<slug:file_format>",
                own(jury_views.export),
                name="submissions_call_export",
            ),
            path(
                "<int:call_id>/invite-juror/",
                self.admin_site.admin_view(partial(views.invite_juror, model_admin=self)),
                name="submissions_call_invite_juror",
            ),
            # Opened by the invited person before they can log in: not an admin view.
            path(
                "invitation/<str:token>/",
                partial(views.juror_invitation, model_admin=self),
                name="submissions_juror_invitation",
            ),
            *super().get_urls(),
        ]
