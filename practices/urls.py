from django.urls import path
from django.utils.translation import gettext_lazy as _

from website.cache import cache_public_page

from . import views
from .feeds import NewPracticesFeed
from .searchable import FILTER_PARAMETERS

app_name = "practices"

urlpatterns = [
    path("", cache_public_page(views.HomeView.as_view()), name="home"),
    path(_("good-practices/"), cache_public_page(views.PracticeListView.as_view()), name="list"),
    path(_("good-practices/export.csv"), views.PracticeCsvView.as_view(), name="csv"),
    path(
        _("good-practices/<slug:slug>/"),
        cache_public_page(views.PracticeDetailView.as_view()),
        name="detail",
    ),
    path(
        _("good-practices/<slug:slug>/contact/"),
        views.PracticeContactView.as_view(),
        name="contact",
    ),
    path(
        _("good-practices/<slug:slug>/contact/check/"),
        views.PracticeContactCheckView.as_view(),
        name="contact_check",
    ),
    path(
        _("good-practices/<slug:slug>/report-use/"),
        views.AdoptionReportView.as_view(),
        name="report_adoption",
    ),
    path(
        _("good-practices/<slug:slug>/report-use/check/"),
        views.AdoptionReportCheckView.as_view(),
        name="report_adoption_check",
    ),
    path(
        _("what-makes-a-good-practice/"),
        cache_public_page(views.CriteriaView.as_view()),
        name="criteria",
    ),
    path(
        _("feeds/practices/"),
        cache_public_page(NewPracticesFeed(), params=FILTER_PARAMETERS),
        name="feed",
    ),
]
