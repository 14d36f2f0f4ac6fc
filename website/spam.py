"""The defences of the public forms against automated spam, shared by every form a
visitor can send (a submission, a message to a practice's owner, an adoption report).

* A signed token names the filled-in form and when its filling began: a form sent
  faster than a person could (`SUBMISSION_MIN_FILL_SECONDS`) or older than a day is
  refused, and the same form sent twice (a double click) is saved once.
* A honeypot field people never see; software that fills every field gives itself away.

The hourly limit per sender is counted by each form's own records or by
`website.limits.RateLimit`, both by `website.client.client_address`.
"""

import time
import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

# The salt the first form (the submission's) used: tokens of forms open in a browser
# during an update stay valid.
TOKEN_SALT = "submissions.form-token"
# A form may stay open in a browser tab for a day: as long as the files attached to an
# unsent submission form are kept (privacy notice), so a form that can still be sent has
# its files.
TOKEN_MAX_AGE = 60 * 60 * 24


def form_token_new(*, started: float | None = None, token_id: uuid.UUID | None = None) -> str:
    """A signed token naming one filled-in form and when its filling began."""
    payload = {"id": str(token_id or uuid.uuid4()), "t": int(started or time.time())}
    return signing.dumps(payload, salt=TOKEN_SALT)


def form_token_read(value: str) -> tuple[uuid.UUID, float] | None:
    try:
        payload = signing.loads(value, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        return uuid.UUID(payload["id"]), float(payload["t"])
    except (signing.BadSignature, KeyError, ValueError, TypeError):
        return None


class SpamDefenceForm(forms.Form):
    """A public form with the token and the honeypot. `clean_form_token` reads the
    token; `spam_check()`, called first by the form's `clean`, refuses the honeypot
    filled in and a form sent too fast. `expired_message` says what to do with a form
    too old to be sent."""

    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    expired_message = _(
        "This form is too old to be sent. Your text is kept below; check it and send it again."
    )

    token_id: uuid.UUID | None = None
    started: float | None = None
    # False only where the form is checked before it is sent (a first step that sends
    # and stores nothing): a form on a page served from the shared cache has no token.
    token_required = True

    def clean_form_token(self):
        if not self.token_required and not self.cleaned_data["form_token"]:
            return ""
        token = form_token_read(self.cleaned_data["form_token"])
        if token is None:
            # Reported as a problem of the whole form: the field itself is hidden.
            self.add_error(None, forms.ValidationError(self.expired_message, code="expired"))
            return ""
        self.token_id, self.started = token
        return self.cleaned_data["form_token"]

    def spam_check(self, cleaned: dict) -> None:
        if cleaned.get("website"):
            raise forms.ValidationError(
                _("The form could not be sent. Leave the field “Leave this field empty” empty."),
                code="honeypot",
            )
        if (
            self.started is not None
            and time.time() - self.started < settings.SUBMISSION_MIN_FILL_SECONDS
        ):
            raise forms.ValidationError(
                _(
                    "The form was sent very quickly after it was opened. "
                    "Check your answers and send it again."
                ),
                code="too-fast",
            )

    def with_fresh_token(self) -> None:
        """After an expired or missing token, a new one, so the shown form can be sent."""
        data = self.data.copy()
        data["form_token"] = form_token_new()
        self.data = data
