from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from website.admin import CatalogueAdminMixin

from .models import Subscription
from .services import subscription_mail


class ConfirmedFilter(admin.SimpleListFilter):
    title = _("confirmed")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("yes", _("Confirmed")), ("no", _("Waiting for confirmation"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.confirmed()
        if self.value() == "no":
            return queryset.unconfirmed()
        return queryset


@admin.register(Subscription)
class SubscriptionAdmin(CatalogueAdminMixin, admin.ModelAdmin):
    """Alert subscriptions, for the editors: how many, and removing one when its owner
    asks (the owner can also leave by the link in every message). Read-only: only the
    visitor changes a subscription. Jurors have no right to see them (submissions/roles.py)."""

    list_display = ["email", "query", "language", "requested_at", "is_confirmed", "sent_until"]
    list_filter = [ConfirmedFilter, "language"]
    search_fields = ["email"]
    date_hierarchy = "requested_at"
    fields = ["email", "query", "language", "requested_at", "confirmed_at", "sent_until"]
    readonly_fields = fields

    @admin.display(description=_("confirmed"), boolean=True)
    def is_confirmed(self, obj: Subscription) -> bool:
        return obj.is_confirmed

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        with transaction.atomic():
            subscription_mail(obj).delete()
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for subscription in queryset:
                subscription_mail(subscription).delete()
            super().delete_queryset(request, queryset)
