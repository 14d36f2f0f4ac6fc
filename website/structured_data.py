"""schema.org JSON-LD in a page, for search engines and link previews; each app
describes its own objects (practices and calls)."""

import json

from django.utils.safestring import SafeString, mark_safe

PUBLISHER = {"@type": "Organization", "name": "Kotoutumisen osaamiskeskus"}
# Characters that would end the script element or start markup, written as JSON escapes.
ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data: dict) -> SafeString:
    """`<script type="application/ld+json">` with the data; a data block, never run."""
    payload = json.dumps(data, ensure_ascii=False).translate(ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # escaped above
