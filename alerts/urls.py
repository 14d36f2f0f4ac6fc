from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "alerts"

urlpatterns = [
    path(_("alerts/subscribe/"), views.SubscribeView.as_view(), name="subscribe"),
    path(_("alerts/confirm/<str:token>/"), views.ConfirmView.as_view(), name="confirm"),
    path(
        _("alerts/unsubscribe/<str:token>/"),
        views.UnsubscribeView.as_view(),
        name="unsubscribe",
    ),
]
