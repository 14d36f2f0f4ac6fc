"""Calls on pages of other apps: the home page's way to "share your practice"."""

from django import template
from django.utils import timezone

from submissions.models import Call

register = template.Library()


@register.simple_tag
def open_calls():
    """The calls whose form is open now, the nearest deadline first."""
    return list(Call.objects.open_at(timezone.now()).order_by("closes_at", "pk"))
