from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The search over every kind of content, and the faceted lists. It knows no content
    app: each registers what it makes searchable (search.registry)."""

    name = "search"
    verbose_name = _("Search")
