"""Every address of the project, from its URL patterns, for tests that walk them all."""

import re

from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern
from django.utils import translation

CAPTURE = "\ufffc"  # stands for a captured part of an address


def route_of(pattern) -> str:
    """The part of an address a pattern matches, its captures marked."""
    if isinstance(pattern, LocalePrefixPattern):
        return pattern.language_prefix
    text = str(pattern)
    if isinstance(pattern, RegexPattern):
        text = re.sub(r"\((\?P<\w+>)?[^)]*\)", CAPTURE, text)
        text = text.removeprefix("^").removesuffix("$").replace("/?", "/").replace(r"\.", ".")
        assert not re.search(r"[\\^$()\[\]?*+|{}]", text), f"cannot walk the pattern {pattern}"
        return text
    return re.sub(r"<[^>]+>", CAPTURE, text)


def addresses(patterns, prefix="/"):
    for entry in patterns:
        address = prefix + route_of(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from addresses(entry.url_patterns, address)
        else:
            yield address


def every_address() -> list[str]:
    """Every URL pattern as an address (in English), its captured parts marked CAPTURE."""
    with translation.override("en"):
        return sorted(set(addresses(get_resolver().url_patterns)))
