"""The pages of the alerts: asking for them (the filter in the address), confirming
(the link of the confirmation e-mail) and leaving (the link of every digest, and its
List-Unsubscribe header). None is cached: each shows what one visitor did."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView

from website.limits import RateLimit
from website.spam import form_token_new

from .filters import filter_described, filter_errors, filter_query
from .forms import SubscribeForm
from .services import (
    SubscriptionRefused,
    list_path,
    subscription_cancel,
    subscription_confirm,
    subscription_request,
)
from .tokens import CONFIRM_SALT, UNSUBSCRIBE_SALT, InvalidLink, token_read


@method_decorator(never_cache, name="dispatch")
class SubscribeView(FormView):
    """ "Get e-mail about new practices like these": the list's or the search's filter
    comes in the address, so that the cached list pages link here without a token."""

    form_class = SubscribeForm
    template_name = "alerts/subscribe.html"

    def dispatch(self, request, *args, **kwargs):
        self.query = filter_query(request.GET)
        self.filter_errors = filter_errors(self.query)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"form_token": form_token_new()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filter=filter_described(self.query),
            filter_errors=self.filter_errors,
            list_url=list_path(self.query),
            sent=self.request.method == "GET" and self.request.GET.get("sent") == "1",
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        if self.filter_errors:  # an address typed by hand: nothing to subscribe to
            response_kwargs["status"] = 400
        return super().render_to_response(context, **response_kwargs)

    def form_invalid(self, form, status: int = 200):
        if form.token_id is None:  # missing or too old: a fresh one, so it can be sent
            form.with_fresh_token()
        return self.render_to_response(self.get_context_data(form=form), status=status)

    def form_valid(self, form):
        if self.filter_errors:
            return self.form_invalid(form, status=400)
        if not RateLimit("alerts").allow_request(self.request, None):
            form.add_error(
                None,
                _(
                    "Many forms have already been sent from your network address in the last "
                    "hour. Your text is kept below; please send it again later."
                ),
            )
            return self.form_invalid(form, status=429)
        try:
            subscription_request(
                email=form.cleaned_data["email"], query=self.query, language=get_language()
            )
        except SubscriptionRefused as refused:
            form.add_error(None, str(refused))
            return self.form_invalid(form, status=429)
        query = f"{self.query}&" if self.query else ""
        return HttpResponseRedirect(f"{self.request.path}?{query}sent=1")


def _link_invalid(request):
    return render(
        request,
        "alerts/link_invalid.html",
        {"alert_confirm_days": settings.ALERT_CONFIRM_DAYS},
        status=400,
    )


class SignedLinkView(View):
    """A page reached by a signed link of an e-mail: the link is read once, for GET and
    POST alike, into `self.subscription` (None when it has gone); a broken or expired
    link gets the same page whatever the method."""

    salt: str

    def dispatch(self, request, token):
        try:
            self.subscription = token_read(token, salt=self.salt)
        except InvalidLink:
            return _link_invalid(request)
        return super().dispatch(request, token)


@method_decorator(never_cache, name="dispatch")
class ConfirmView(SignedLinkView):
    """The link of the confirmation e-mail: a page with a button, so that a mail
    scanner that opens every link confirms nothing."""

    salt = CONFIRM_SALT

    def get(self, request, token):
        subscription = self.subscription
        if subscription is None:
            return _link_invalid(request)
        return render(
            request,
            "alerts/confirm.html",
            {"subscription": subscription, "filter": filter_described(subscription.query)},
        )

    def post(self, request, token):
        subscription = self.subscription
        if subscription is None:
            return _link_invalid(request)
        subscription_confirm(subscription=subscription)
        return render(
            request,
            "alerts/confirm.html",
            {
                "subscription": subscription,
                "filter": filter_described(subscription.query),
                "confirmed": True,
                "list_url": list_path(subscription.query),
            },
        )


# RFC 8058: a mail program unsubscribes with a POST of "List-Unsubscribe=One-Click" to
# the link, without a page and so without a CSRF token. Leaving is harmless, and the
# link's signed token is the proof.
@method_decorator([never_cache, csrf_exempt], name="dispatch")
class UnsubscribeView(SignedLinkView):
    """The link of every digest: a page with a button; a POST (the button, or a mail
    program's one click) unsubscribes at once."""

    salt = UNSUBSCRIBE_SALT

    def get(self, request, token):
        subscription = self.subscription
        if subscription is None:  # already left: say so again
            return render(request, "alerts/unsubscribe.html", {"done": True})
        return render(
            request,
            "alerts/unsubscribe.html",
            {"filter": filter_described(subscription.query), "action": request.path},
        )

    def post(self, request, token):
        if self.subscription is not None:
            subscription_cancel(subscription=self.subscription)
        return render(
            request,
            "alerts/unsubscribe.html",
            {"done": True, "list_url": reverse("practices:list")},
        )
