"""What every admin class of the project shares."""

import re

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404


class NotFoundOutsideReachMixin:
    """An object the user may not reach answers 404, as if it did not exist.

    Django's admin redirects to the index with a message naming the missing
    object; for objects that exist but are out of reach that would reveal them.
    The history views (django-simple-history: the list of versions and each
    version's form, which can also revert) would even show a deleted or
    unreachable object's past: they too answer 404 outside `get_queryset`.
    """

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    def _ensure_reachable(self, request, object_id) -> None:
        try:
            reachable = self.get_queryset(request).filter(pk=unquote(object_id)).exists()
        except (ValueError, ValidationError):  # not an id at all ("abc")
            reachable = False
        if not reachable:
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._ensure_reachable(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._ensure_reachable(request, object_id)
        if not re.fullmatch(r"[0-9]{1,18}", str(version_id)):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)
