from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """Outgoing e-mail through a queue in the database (services.py)."""

    name = "outbox"
    verbose_name = _("Outgoing e-mail")
    # Everything goes into a backup (website.backup).
    backup_models = "__all__"
