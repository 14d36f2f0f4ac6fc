"""The language each staff account is written to in, for the editors to set (a jury
member sets their own on their desk)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from website.admin import CatalogueAdminMixin

from ..models import StaffProfile
from .calls import juror_label


@admin.register(StaffProfile)
class StaffProfileAdmin(CatalogueAdminMixin, admin.ModelAdmin):
    list_display = ["account", "language"]
    list_editable = ["language"]
    list_filter = ["language"]
    search_fields = ["user__first_name", "user__last_name", "user__username", "user__email"]
    list_select_related = ["user"]
    fields = ["user", "language"]

    @admin.display(description=_("staff account"), ordering="user__last_name")
    def account(self, profile):
        return juror_label(profile.user)

    def get_readonly_fields(self, request, obj=None):
        return ["user"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(is_staff=True, is_active=True, staff_profile__isnull=True)
                .order_by("last_name", "first_name", "username")
            )
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            field.label_from_instance = juror_label
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
