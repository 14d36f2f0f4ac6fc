"""How much one visitor (and everyone together) may ask of the costly pages.

Cheap pages come from the shared cache. What cannot be cached costs a worker
seconds each time: a CSV file of a whole list, a search that loosens its matching
step by step, a log-in (the password hash is slow on purpose). Each has a rate per
visitor (`RateLimit`, counted by `website.client.client_address` in the shared
cache, rates in settings: REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]), and the longest
a number it may run at once (`Running`), so that one visitor within their rate still
cannot tie up every worker. A refused request gets a 429 page in the visitor's
language with Retry-After.
"""

import functools
import uuid
from collections.abc import Iterator

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from rest_framework.throttling import SimpleRateThrottle

from .client import ByClientAddress, client_address


class RateLimit(ByClientAddress, SimpleRateThrottle):
    """Requests of one scope per visitor in the scope's period (DEFAULT_THROTTLE_RATES)."""

    def __init__(self, scope: str):
        self.scope = scope
        super().__init__()

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def refused(
    request, *, seconds: float, template: str = "too_many_requests.html", **context
) -> HttpResponse:
    minutes = max(1, round(seconds / 60))
    response = render(request, template, {"minutes": minutes, **context}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


def rate_refused(request, scope: str, template: str = "too_many_requests.html"):
    """The 429 page when this visitor has used up the scope's rate, else None."""
    limit = RateLimit(scope)
    if limit.allow_request(request, None):
        return None
    return refused(request, seconds=limit.wait() or 60, template=template)


def rate_limited(scope: str):
    """A view decorator: past the visitor's rate of `scope`, the 429 page instead."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            return rate_refused(request, scope) or view(request, *args, **kwargs)

        return wrapper

    return decorator


class Running:
    """Slots for work that runs long (a CSV file streamed for seconds): at most
    `per_visitor` at once for one visitor and `total` for everyone, held in the shared
    cache so every worker and machine sees them. A slot left by a worker that died is
    free again after `timeout` seconds."""

    def __init__(self, scope: str, *, per_visitor: int, total: int, timeout: int = 600):
        self.scope, self.per_visitor, self.total, self.timeout = scope, per_visitor, total, timeout

    def acquire(self, request) -> list[str] | None:
        """The keys of the slots taken for this request, or None if none is free."""
        visitor = client_address(request)
        mine = self._take(f"running:{self.scope}:{visitor}", self.per_visitor)
        if mine is None:
            return None
        everyone = self._take(f"running:{self.scope}", self.total)
        if everyone is None:
            self.release([mine])
            return None
        return [mine, everyone]

    def _take(self, prefix: str, count: int) -> str | None:
        token = uuid.uuid4().hex
        for slot in range(count):
            key = f"{prefix}:{slot}"
            if cache.add(key, token, self.timeout):
                return key
        return None

    @staticmethod
    def release(keys: list[str]) -> None:
        cache.delete_many(keys)

    def held(self, keys: list[str], chunks: Iterator) -> "HeldStream":
        """The streamed chunks, with the slots given back when the stream ends, fails or
        is closed by the server (a visitor who goes away)."""
        return HeldStream(self, keys, iter(chunks))


class HeldStream:
    """An iterator that gives back its slots when it ends, fails, or is closed: a
    StreamingHttpResponse closes its content's iterator when the server closes it, even
    one never read (a generator's `finally` would not run then)."""

    def __init__(self, running: Running, keys: list[str], chunks: Iterator):
        self.running, self.keys, self.chunks = running, keys, chunks

    def __iter__(self):
        return self

    def __next__(self):
        try:
            return next(self.chunks)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self.keys:
            self.running.release(self.keys)
            self.keys = []
