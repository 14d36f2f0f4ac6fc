from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from website.admin import CatalogueAdminMixin, CatalogueInlineMixin

from .models import Project, ProjectFunding, ProjectLink


class FundingInline(CatalogueInlineMixin, admin.TabularInline):
    model = ProjectFunding
    extra = 0


class LinkInline(CatalogueInlineMixin, admin.TabularInline):
    model = ProjectLink
    extra = 0


@admin.register(Project)
class ProjectAdmin(CatalogueAdminMixin, TabbedTranslationAdmin):
    list_display = ["name", "coordinator", "level", "start_date", "end_date", "source_id"]
    list_filter = ["level", "funding__source", "themes", "regions"]
    search_fields = ["name_fi", "name_sv", "name_en", "coordinator_fi", "source_id"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["municipalities"]
    filter_horizontal = ["themes", "target_groups", "regions"]
    readonly_fields = ["source_id", "created_at", "updated_at"]
    inlines = [FundingInline, LinkInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "description"]}),
        (_("Organisations"), {"fields": ["coordinator", "partners", "level"]}),
        (
            _("Where, what and for whom"),
            {"fields": ["municipalities", "regions", "themes", "target_groups"]},
        ),
        (_("Dates and money"), {"fields": ["start_date", "end_date", "budget", "website"]}),
        (_("Source"), {"fields": ["source_id", "created_at", "updated_at"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        """The source id is given when a project is added; imports match on it afterwards."""
        fields = super().get_readonly_fields(request, obj)
        return fields if obj else [name for name in fields if name != "source_id"]
