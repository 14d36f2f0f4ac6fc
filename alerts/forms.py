from django import forms
from django.utils.translation import gettext_lazy as _

from website.spam import SpamDefenceForm
from website.text import PlainTextFormMixin


class SubscribeForm(PlainTextFormMixin, SpamDefenceForm):
    """The address for alerts of a filter; the filter itself is in the page's address."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_(
            "We send a link to this address. The alerts start only when you open it and confirm."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        self.spam_check(cleaned)
        return cleaned
