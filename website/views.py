"""Views that serve the whole site: its answers to requests it refuses."""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from rest_framework.exceptions import ParseError

API_ROUTE = "api/"  # the API's addresses begin /api/


def is_api(request) -> bool:
    return request.path_info.startswith(f"/{API_ROUTE}")


def bad_request(request, exception=None):
    """handler400, also for requests refused before any view ran: a NUL character, a bad
    Host header, a body larger than the site reads (then 413).

    JSON under the API, the site's page elsewhere, in the visitor's language: the
    request may be refused before LocaleMiddleware has chosen one. The pages are
    rendered without the request, whose context processors could fail again on what
    made the request bad (a refused Host header).
    """
    with translation.override(translation.get_language_from_request(request, check_path=True)):
        if isinstance(exception, RequestDataTooBig):
            if is_api(request):
                return JsonResponse({"detail": str(exception)}, status=413)
            page = render_to_string("request_too_large.html", {"back": request.path})
            return HttpResponse(page, status=413)
        if is_api(request):
            return JsonResponse({"detail": str(ParseError.default_detail)}, status=400)
        return HttpResponseBadRequest(render_to_string("400.html"))
