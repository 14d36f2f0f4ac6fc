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
from . import views


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
            return jury_field(super().formfield_for_manytomany(db_field, request, **kwargs))
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
                self.admin_site.admin_view(partial(views.ranking, model_admin=self)),
                name="submissions_call_ranking",
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
            path(
                "<int:call_id>/ranking.csv",
                self.admin_site.admin_view(partial(views.ranking_download, model_admin=self)),
                name="submissions_call_ranking_csv",
            ),
            *super().get_urls(),
        ]
