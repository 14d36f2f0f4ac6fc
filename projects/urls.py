from django.urls import path
from django.utils.translation import gettext_lazy as _

from website.cache import cache_public_page

from . import views

app_name = "projects"

urlpatterns = [
    path(_("projects/"), cache_public_page(views.ProjectListView.as_view()), name="list"),
    path(_("projects/export.csv"), views.ProjectCsvView.as_view(), name="csv"),
    path(
        _("projects/<slug:slug>/"),
        cache_public_page(views.ProjectDetailView.as_view()),
        name="detail",
    ),
]
