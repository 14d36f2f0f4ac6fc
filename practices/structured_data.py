"""schema.org JSON-LD for practice and call pages, for search engines and link previews."""

import json

from django.utils.safestring import SafeString, mark_safe

from .api import LICENSE_URL
from .i18n import translated

PUBLISHER = {"@type": "Organization", "name": "Kotoutumisen osaamiskeskus"}
# Characters that would end the script element or start markup, written as JSON escapes.
ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data: dict) -> SafeString:
    """`<script type="application/ld+json">` with the data; a data block, never run."""
    payload = json.dumps(data, ensure_ascii=False).translate(ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # escaped above


def practice_json_ld(practice, request) -> SafeString:
    return json_ld_script(
        {
            "@context": "https://schema.org",
            "@type": "CreativeWork",
            "name": translated(practice, "title").value,
            "description": translated(practice, "summary").value,
            "url": request.build_absolute_uri(practice.get_absolute_url()),
            "inLanguage": translated(practice, "title").lang,
            "datePublished": practice.published_at.isoformat() if practice.published_at else None,
            "dateModified": practice.updated_at.isoformat(),
            "author": {"@type": "Organization", "name": translated(practice, "organisation").value},
            "publisher": PUBLISHER,
            "keywords": [theme.name for theme in practice.themes.all()],
            "spatialCoverage": [
                {"@type": "Place", "name": municipality.name}
                for municipality in practice.municipalities.all()
            ],
            "license": LICENSE_URL,
        }
    )


def call_json_ld(call, request) -> SafeString:
    return json_ld_script(
        {
            "@context": "https://schema.org",
            "@type": "CreativeWork",
            "name": translated(call, "title").value,
            "description": translated(call, "body").value[:500],
            "url": request.build_absolute_uri(call.get_absolute_url()),
            "inLanguage": translated(call, "title").lang,
            "datePublished": call.opens_at.isoformat(),
            "expires": call.closes_at.isoformat() if call.closes_at else None,
            "publisher": PUBLISHER,
            "keywords": [theme.name for theme in call.themes.all()],
            "license": LICENSE_URL,
        }
    )
