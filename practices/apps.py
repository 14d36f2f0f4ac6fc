from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Good practices")
    # Everything goes into a backup (website.backup).
    backup_models = "__all__"
    # Rows shown on public pages: a change makes the cached pages stale (website.cache).
    public_models = [
        "Theme",
        "TargetGroup",
        "IntegrationPhase",
        "Region",
        "Municipality",
        "Criterion",
        "SelectionRound",
        "Practice",
        "PracticeLink",
        "CriterionAssessment",
        "Adoption",  # approved reports are listed on the practice's page
    ]

    def ready(self):
        # Imported here, not at the top: the models are not loaded when apps.py is.
        from search.registry import register

        from .searchable import PRACTICES

        register(PRACTICES)
