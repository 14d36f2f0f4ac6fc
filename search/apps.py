from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import pgettext_lazy


class SearchConfig(AppConfig):
    """The search over every kind of content, and the faceted lists. It knows no content
    app: each registers what it makes searchable (search.registry)."""

    name = "search"
    # A noun, not the search button's verb ("Hae" in Finnish): its own context.
    verbose_name = pgettext_lazy("name of the search app", "Search")

    def ready(self):
        # Imported here, not at the top: the models are not loaded when apps.py is.
        from . import checks, index  # noqa: F401 – checks registers the system checks

        post_migrate.connect(index.index_missing, dispatch_uid="search-index-missing")
        # Once per migrate (this app's signal), after index_missing, connected first.
        post_migrate.connect(
            index.index_follow_analysis, sender=self, dispatch_uid="search-index-follow-analysis"
        )
