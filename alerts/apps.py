from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """E-mail about new practices that match a visitor's filter (see models.py)."""

    name = "alerts"
    verbose_name = _("Alerts of new practices")
    # Subscriptions are personal data of their own: not in a content backup
    # (website.backup), and never shown on a public page.
