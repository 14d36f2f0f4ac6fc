"""Middleware of the whole site."""

import logging
from collections.abc import Iterator

from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponse
from django.template.loader import render_to_string

from .database import database_busy

logger = logging.getLogger(__name__)

NUL = "\x00"


class NulCharacterInRequest(SuspiciousOperation):
    """A NUL character in the address, the query string, a form or a cookie."""


def request_texts(request) -> Iterator[str]:
    """The address, and every name and value of the query string, a posted form and the cookies."""
    yield request.path
    for data in (request.GET, request.POST):
        for name, values in data.lists():
            yield name
            yield from values
    for name, value in request.COOKIES.items():
        yield name
        yield value


class RefuseNulCharacterMiddleware:
    """A request with a NUL character anywhere in what it sends is a 400, before it is read.

    PostgreSQL cannot store or compare text with a NUL character in it, so any that
    reached a query was a server error there: a captured part of an address
    (`/api/v1/practices/%00/`, the status page), a filter or search of a list, of the
    API or of the admin, a session cookie written with an octal escape. Django's form
    fields refuse NUL already; this refuses it in every part of a request at once.
    It comes before SessionMiddleware, whose answer would look the session key up;
    the 400 page finds the visitor's language itself (`website.views.bad_request`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # request.POST reads form posts only (as CSRF protection does), never other bodies.
        if any(NUL in text for text in request_texts(request)):
            raise NulCharacterInRequest("A NUL character in the request.")
        return self.get_response(request)


class DatabaseBusyMiddleware:
    """A write that waited too long for another (SQLite, the embedded default, writes one
    at a time) answers 503 with a page that says to send again, not a server error. The
    submission form answers it itself, with the typed text kept (submissions.views)."""

    RETRY_AFTER_SECONDS = 30

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not database_busy(exception):
            return None
        logger.warning("Database busy: %s %s", request.method, request.path)
        response = HttpResponse(render_to_string("busy.html"), status=503)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response
