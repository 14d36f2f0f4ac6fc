from django.contrib.admin.apps import AdminConfig


class CatalogueAdminConfig(AdminConfig):
    """Django's admin, on the catalogue's own site (second factor, audit log)."""

    default_site = "config.admin.CatalogueAdminSite"
