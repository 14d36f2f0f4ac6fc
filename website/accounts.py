"""Staff accounts, groups, authenticators and log-in records in the admin: the pages of
Django, django-otp and django-axes, speaking the visitor's language.

Django stores a permission's name in English when it makes it ("Can add good
practice"), so the user and group forms would list hundreds of English names on a
Finnish page. Here a permission is named from what it lets one do and its model's
translated verbose name; a model's own permissions (declared with gettext in its
`Meta.permissions`) are looked up in the catalogues. django-otp writes its fields'
names and help (and so its list filters' titles) in English without gettext, and
django-axes names one column by its method: their admins are registered again here
with translated texts. Registered from `WebsiteConfig.ready()`, after the admin has
found the libraries' registrations.
"""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def model_name_of(model) -> str:
    """A model's translated name; a history model (django-simple-history names it
    "historical …" in English) is named as the history of its model."""
    tracked = getattr(model, "instance_type", None)
    if tracked is not None:
        return gettext("history of %(model)s") % {"model": tracked._meta.verbose_name}
    return str(model._meta.verbose_name)


def permission_label(permission: Permission) -> str:
    """`app | model | what it allows`, in the visitor's language."""
    content_type = permission.content_type
    model = content_type.model_class()
    if model is None:  # a model since removed: only what the table says
        return str(permission)
    action, _sep, model_name = permission.codename.partition("_")
    name = model_name_of(model)
    if action in ACTIONS and model_name == content_type.model:
        allows = ACTIONS[action] % {"model": name}
    else:
        allows = gettext(permission.name)
    return f"{model._meta.app_config.verbose_name} | {name} | {allows}"


class TranslatedPermissionsMixin:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.remote_field.model is Permission:
            field.label_from_instance = permission_label
        return field


class CatalogueGroupAdmin(TranslatedPermissionsMixin, GroupAdmin):
    pass


class CatalogueUserAdmin(TranslatedPermissionsMixin, UserAdmin):
    pass


class CatalogueAccessAttemptAdmin(AccessAttemptAdmin):
    @admin.display(description=_("status"))
    def status(self, obj):
        return super().status(obj)


# django-otp's fields: (label, help), in place of its English-only texts.
TOTP_TEXTS = {
    "user": (_("user"), _("The account the authenticator belongs to.")),
    "name": (_("name"), _("A name for the authenticator, such as the phone it is on.")),
    "confirmed": (_("confirmed"), _("Whether the authenticator is ready for use.")),
    "key": (_("secret key"), _("A hex-encoded secret key of up to 40 bytes.")),
    "step": (_("time step"), _("The time step in seconds.")),
    "t0": (_("start time"), _("The Unix time at which to begin counting steps.")),
    "digits": (_("digits"), _("The number of digits to expect in a code.")),
    "tolerance": (
        _("tolerance"),
        _("The number of time steps in the past or future to allow."),
    ),
    "drift": (
        _("drift"),
        _("The number of time steps the authenticator is known to be off the server's clock."),
    ),
    "throttling_failure_timestamp": (
        _("last failed attempt"),
        _("When the last code was refused; empty if the last one was accepted."),
    ),
    "throttling_failure_count": (
        _("failed attempts in a row"),
        _("Number of successive failed attempts."),
    ),
}


# django-otp's list filters: titled by the field, in its English-only name.
TOTP_FILTER_TITLES = {
    "created_at": _("created"),
    "last_used_at": _("last used"),
    "confirmed": _("confirmed"),
}


def titled(filter_class):
    """The list filter, titled with the translated name of its field."""

    class TitledFilter(filter_class):
        def __init__(self, field, request, params, model, model_admin, field_path):
            super().__init__(field, request, params, model, model_admin, field_path)
            self.title = TOTP_FILTER_TITLES[field_path]

    return TitledFilter


class CatalogueTOTPDeviceAdmin(TOTPDeviceAdmin):
    list_display = ["device_user", "device_name", "created", "last_used", "is_confirmed"]
    list_filter = [
        ("created_at", titled(admin.DateFieldListFilter)),
        ("last_used_at", titled(admin.DateFieldListFilter)),
        ("confirmed", titled(admin.BooleanFieldListFilter)),
    ]
    search_help_text = _("Search by the user name or e-mail address of the account.")
    readonly_fields = ["created", "last_used"]

    def get_list_display(self, request):
        return self.list_display  # never the secret's QR code (OTP_ADMIN_HIDE_SENSITIVE_DATA)

    def get_fieldsets(self, request, obj=None):
        configuration = ["step", "t0", "digits", "tolerance"]
        if obj is None:
            configuration = ["key", *configuration]  # the secret only when it is made
        dates = [] if obj is None else [(_("Dates"), {"fields": ["created", "last_used"]})]
        return [
            (_("Authenticator"), {"fields": ["user", "name", "confirmed"]}),
            *dates,
            (_("Settings"), {"fields": configuration}),
            (_("State"), {"fields": ["drift"]}),
            (
                _("Refused codes"),
                {"fields": ["throttling_failure_timestamp", "throttling_failure_count"]},
            ),
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in TOTP_TEXTS:
            field.label, field.help_text = TOTP_TEXTS[db_field.name]
        return field

    @admin.display(description=_("user"), ordering="user__username")
    def device_user(self, device):
        return device.user

    @admin.display(description=_("name"), ordering="name")
    def device_name(self, device):
        return device.name

    @admin.display(description=_("created"), ordering="created_at")
    def created(self, device):
        return device.created_at or self.get_empty_value_display()

    @admin.display(description=_("last used"), ordering="last_used_at")
    def last_used(self, device):
        return device.last_used_at or self.get_empty_value_display()

    @admin.display(description=_("confirmed"), boolean=True, ordering="confirmed")
    def is_confirmed(self, device):
        return device.confirmed


def register(site: admin.AdminSite) -> None:
    """Put these admins in the place of Django's and the libraries' own."""
    user_model = get_user_model()
    for model, model_admin in (
        (Group, CatalogueGroupAdmin),
        (user_model, CatalogueUserAdmin),
        (AccessAttempt, CatalogueAccessAttemptAdmin),
        (TOTPDevice, CatalogueTOTPDeviceAdmin),
    ):
        if site.is_registered(model):
            site.unregister(model)
        site.register(model, model_admin)
