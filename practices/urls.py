from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views
from .cache import cache_public_page

app_name = "practices"

urlpatterns = [
    path("", cache_public_page(views.HomeView.as_view()), name="home"),
    path(_("good-practices/"), cache_public_page(views.PracticeListView.as_view()), name="list"),
    path(_("good-practices/export.csv"), views.practices_csv, name="csv"),
    path(
        _("good-practices/<slug:slug>/"),
        cache_public_page(views.PracticeDetailView.as_view()),
        name="detail",
    ),
    path(
        _("what-makes-a-good-practice/"),
        cache_public_page(views.CriteriaView.as_view()),
        name="criteria",
    ),
    path(_("search/"), cache_public_page(views.SearchView.as_view()), name="search"),
    path(
        _("accessibility/"),
        cache_public_page(views.AccessibilityStatementView.as_view()),
        name="accessibility",
    ),
]
