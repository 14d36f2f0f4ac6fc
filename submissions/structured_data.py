"""schema.org JSON-LD of a call's page."""

from django.utils.safestring import SafeString

from website.api import LICENSE_URL
from website.i18n import translated
from website.structured_data import PUBLISHER, json_ld_script


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
