from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """E-mail about new practices that match a visitor's filter (see models.py)."""

    name = "alerts"
    verbose_name = _("Alerts of new practices")
    # Into a backup (website.backup) like the outbox and the submissions' contacts, so
    # that a restore keeps everyone's alerts. Never shown on a public page.
    backup_models = "__all__"
