from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views
from .cache import cache_public_page

app_name = "website"

urlpatterns = [
    path(
        _("accessibility/"),
        cache_public_page(views.AccessibilityStatementView.as_view()),
        name="accessibility",
    ),
]
