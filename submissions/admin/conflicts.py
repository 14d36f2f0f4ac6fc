"""Conflicts of interest declared for a whole call and those lifted, for the editors:
read only (a jury member declares on their desk; an editor lifts a conflict on its
review's page). A declaration made by mistake can be removed (its history kept); the
conflicts it has already applied to submissions stay until lifted one by one."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from website.admin import CatalogueAdminMixin

from ..models import DeclaredConflict, LiftedConflict


class ReadOnlyAdmin(CatalogueAdminMixin, admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DeclaredConflict)
class DeclaredConflictAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["call", "juror", "organisation", "declared_at"]
    list_filter = [("call", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["call", "juror"]
    search_fields = ["organisation", "juror__first_name", "juror__last_name"]
    fields = ["call", "juror", "organisation", "note", "declared_at"]
    readonly_fields = fields


@admin.register(LiftedConflict)
class LiftedConflictAdmin(ReadOnlyAdmin):
    list_display = ["submission", "juror", "lifted_by", "lifted_at"]
    list_filter = [("submission__call", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["submission", "juror", "lifted_by"]
    search_fields = ["submission__reference"]
    fields = ["submission", "juror", "note", "declared_at", "lifted_by", "lifted_at", "reason"]
    readonly_fields = fields

    def has_delete_permission(self, request, obj=None):
        return False
