from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    """What serves every app of the site: for now the shared cache and its checks."""

    name = "website"
    verbose_name = _("Website")

    def ready(self):
        from . import checks  # noqa: F401 – registers the system checks
