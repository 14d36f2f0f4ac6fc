from django.urls import path
from django.utils.translation import gettext_lazy as _

from website.cache import cache_public_page
from website.limits import rate_limited

from . import views

app_name = "search"

urlpatterns = [
    # The rate counts the searches that are drawn: one served from the shared cache
    # costs no more than any cached page, and reading and writing the visitor's count
    # took longer than serving it.
    path(
        _("search/"),
        cache_public_page(rate_limited("search")(views.SearchView.as_view())),
        name="search",
    ),
]
