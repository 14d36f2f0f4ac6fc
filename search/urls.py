from django.urls import path
from django.utils.translation import gettext_lazy as _

from website.cache import cache_public_page
from website.limits import rate_limited

from . import views

app_name = "search"

urlpatterns = [
    path(
        _("search/"),
        rate_limited("search")(cache_public_page(views.SearchView.as_view())),
        name="search",
    ),
]
