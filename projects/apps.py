from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Archive of integration projects")
    # Everything goes into a backup (website.backup).
    backup_models = "__all__"
    # Rows shown on public pages: a change makes the cached pages stale (website.cache).
    public_models = ["Project", "ProjectFunding", "ProjectLink"]

    def ready(self):
        # Imported here, not at the top: the models are not loaded when apps.py is.
        from search.registry import register

        from .searchable import PROJECTS

        register(PROJECTS)
