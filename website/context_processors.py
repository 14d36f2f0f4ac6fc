import re

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def page_languages(request) -> dict:
    """The page's address in each language, for hreflang, the canonical link and the switcher.

    The switcher keeps the query string (the visitor's filters); the canonical
    and alternate links name the page itself, and which page of a long list it is
    (filtered views of a list are not pages of their own for search engines).
    """
    current = get_language()
    query = request.META.get("QUERY_STRING", "")
    page = request.GET.get("page", "")
    page_suffix = f"?page={page}" if re.fullmatch(r"[1-9][0-9]{0,8}", page) and page != "1" else ""
    alternates = []
    for code, _name in settings.LANGUAGES:
        path = translate_url(request.path, code)
        alternates.append(
            {
                "code": code,
                "name_local": get_language_info(code)["name_local"],
                "url": request.build_absolute_uri(path + page_suffix),
                "switch_url": f"{path}?{query}" if query else path,
                "is_current": code == current,
            }
        )
    return {
        "page_alternates": alternates,
        "canonical_url": request.build_absolute_uri(
            translate_url(request.path, current) + page_suffix
        ),
        "default_alternate_url": alternates[0]["url"],
    }
