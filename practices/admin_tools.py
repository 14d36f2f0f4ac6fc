"""What every admin class of the project shares."""

from django.contrib.admin.utils import unquote
from django.http import Http404


class NotFoundOutsideReachMixin:
    """An object the user may not reach answers 404, as if it did not exist.

    Django's admin redirects to the index with a message naming the missing
    object; for objects that exist but are out of reach that would reveal them.
    The history view (django-simple-history) would even show a deleted or
    unreachable object's past: it too answers 404 outside `get_queryset`.
    """

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    def history_view(self, request, object_id, extra_context=None):
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404
        return super().history_view(request, object_id, extra_context)
