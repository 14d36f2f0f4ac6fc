"""The admin site of the catalogue: log-in with an optional (or required) second
factor, and a page where staff set up their authenticator app."""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.forms import OTPAuthenticationForm
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from .admin import DeclaredLookupsOnlyMixin
from .limits import rate_refused

SETUP_KEY = "two_factor_setup_key"


def has_second_factor(user) -> bool:
    return any(True for _device in devices_for_user(user, confirmed=True))


def must_set_up_second_factor(user) -> bool:
    """Editors and jury members need a second factor when REQUIRE_TWO_FACTOR is on."""
    return settings.REQUIRE_TWO_FACTOR and user.is_staff and not has_second_factor(user)


class StaffLoginForm(OTPAuthenticationForm):
    """User name and password, and the authenticator code of those who have set one up."""

    otp_device = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_challenge = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_token = forms.CharField(
        required=False,
        label=_("Code from your authenticator app"),
        help_text=_("Only if you have set up two-step verification."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    otp_error_messages = dict(
        OTPAuthenticationForm.otp_error_messages,
        token_required=_("Enter the code from your authenticator app."),
        invalid_token=_("The code is not right. Check the time on your phone and try again."),
    )

    def _chosen_device(self, user):
        # Staff have one authenticator; the form need not ask which.
        return super()._chosen_device(user) or next(devices_for_user(user, confirmed=True), None)

    def clean_otp(self, user):
        if user is not None and not has_second_factor(user):
            return  # no second factor set up (the admin site decides whether one is needed)
        super().clean_otp(user)

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_staff:
            raise forms.ValidationError(
                _("Enter the user name and password of a staff account."), code="invalid_login"
            )


class SetUpForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ForwardRelationAutocompleteView(AutocompleteJsonView):
    """Django's autocomplete, for a forward relation field (a foreign key, a one-to-one
    or a many-to-many declared on the model) only.

    Django's view takes any `field_name` with a `remote_field`: a reverse relation
    (`?model_name=practice&field_name=submission`, the other side of a one-to-one) has
    one, and then fails on `get_limit_choices_to` with a server error. Here such a name
    is refused with 403, as Django refuses an unknown app, model or field.
    """

    def process_request(self, request):
        try:
            model = apps.get_model(request.GET["app_label"], request.GET["model_name"])
            field = model._meta.get_field(request.GET["field_name"])
        except (KeyError, LookupError, FieldDoesNotExist) as error:
            raise PermissionDenied from error
        reverse_relation = field.auto_created and not field.concrete
        if not field.is_relation or reverse_relation:
            raise PermissionDenied
        return super().process_request(request)


class CatalogueAdminSite(admin.AdminSite):
    site_header = _("Good practices in immigrant integration: administration")
    site_title = _("Good practices: administration")
    index_title = _("Catalogue administration")
    login_form = StaffLoginForm
    login_template = "admin/catalogue_login.html"

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every admin on the site, the libraries' too (accounts, devices, log-in
        attempts), filters only by the look-ups it declares."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, DeclaredLookupsOnlyMixin):
            admin_class = type(
                admin_class.__name__,
                (DeclaredLookupsOnlyMixin, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        user = request.user
        if has_second_factor(user):
            return user.is_verified()
        return not must_set_up_second_factor(user)

    def index(self, request, extra_context=None):
        """The admin's home, unless a registered admin names another home for the user
        (`home_url(request)`, e.g. a jury member's desk of work)."""
        for model_admin in self._registry.values():
            home = getattr(model_admin, "home_url", None)
            if home is not None and (url := home(request)):
                return redirect(url)
        return super().index(request, extra_context)

    # Django's admin keeps every page out of caches but these two, which show the user's
    # name like every other page.
    @method_decorator(never_cache)
    def password_change(self, request, extra_context=None):
        return super().password_change(request, extra_context)

    @method_decorator(never_cache)
    def password_change_done(self, request, extra_context=None):
        return super().password_change_done(request, extra_context)

    def login(self, request, extra_context=None):
        if request.user.is_authenticated and must_set_up_second_factor(request.user):
            return redirect("admin:two_factor_setup")
        # Each attempt hashes a password (slow on purpose): a flood of attempts with ever
        # new user names, which the lock-out per name never sees, stops at LOGIN_RATE.
        if request.method == "POST" and (refusal := rate_refused(request, "login")):
            return refusal
        return super().login(request, extra_context)

    def autocomplete_view(self, request):
        return ForwardRelationAutocompleteView.as_view(admin_site=self)(request)

    def get_urls(self):
        return [
            path("two-step-verification/", self.two_factor_setup, name="two_factor_setup"),
            # Matched before Django's own route of the same name, which it replaces.
            path(
                "r/<path:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            ),
            *super().get_urls(),
        ]

    def view_on_site(self, request, content_type_id, object_id):
        """The "view on site" redirect, for objects the user reaches in the admin only.

        Django's redirects any staff member to any object's public address, which
        names the slug of a draft practice or an unpublished call. Here an object
        answers 404, as if it did not exist, unless its model's admin lets the user
        view it: its `get_queryset` holds it and the user has the view permission.
        """
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            model_admin = self.get_model_admin(model)
        except (ContentType.DoesNotExist, ValueError, NotRegistered):
            raise Http404 from None
        obj = model_admin.get_object(request, unquote(object_id))
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404
        return shortcut(request, content_type_id, object_id)

    @method_decorator(never_cache)
    def two_factor_setup(self, request):
        """Set up an authenticator app: scan the code, then prove it works with one code."""
        user = request.user
        if not (user.is_active and user.is_staff):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if has_second_factor(user) and not user.is_verified():
            # A session that logged in before the owner set up a second factor (an old
            # cookie, a shared computer) must not add an authenticator of its own: it
            # logs in again, with the code.
            logout(request)
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        # The key waits in the session until a code proves the app has it: a GET of
        # this page stores nothing (the device is made when a code is sent, so that
        # wrong codes are throttled on it).
        unconfirmed = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        key = unconfirmed.key if unconfirmed else request.session.get(SETUP_KEY) or random_hex()
        request.session[SETUP_KEY] = key
        device = unconfirmed or TOTPDevice(user=user, name="default", key=key, confirmed=False)
        form = SetUpForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if device.pk is None:
                device.save()
            if device.verify_token(form.cleaned_data["token"]):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                del request.session[SETUP_KEY]
                otp_login(request, device)
                messages.success(request, _("Two-step verification is now on for your account."))
                return redirect("admin:index")
            form.add_error(
                "token", _("The code is not right. Check the time on your phone and try again.")
            )
        image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
        buffer = BytesIO()
        image.save(buffer)
        context = {
            **self.each_context(request),
            "title": _("Two-step verification"),
            "form": form,
            "qr_code": "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode(),
            "secret": base64.b32encode(device.bin_key).decode(),
            "required": settings.REQUIRE_TWO_FACTOR,
        }
        return TemplateResponse(request, "admin/two_factor_setup.html", context)
