from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    """What serves every app of the site: the page cache, backups, the audit log, the
    API's and the CSV files' common parts, the language rules, the admin site's rules,
    health, robots and error pages (docs/architecture.md)."""

    default = True
    name = "website"
    verbose_name = _("Website")

    def ready(self):
        from django.contrib import admin

        from . import accounts, audit, cache, checks, i18n, lookups  # noqa: F401 – checks registers the checks

        accounts.register(admin.site)
        cache.connect_signals()
        audit.connect_signals()
        i18n.connect_signals()
        lookups.register()


class CatalogueAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on the catalogue's own site (second factor, audit log); named in
    INSTALLED_APPS in place of django.contrib.admin."""

    default = False
    default_site = "website.admin_site.CatalogueAdminSite"
