"""schema.org JSON-LD of a practice's page."""

from django.utils.safestring import SafeString

from website.api import LICENSE_URL
from website.i18n import translated
from website.structured_data import PUBLISHER, json_ld_script


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
            # In how many places it is reported used (approved reports): a count of uses.
            "interactionStatistic": {
                "@type": "InteractionCounter",
                "interactionType": "https://schema.org/UseAction",
                "userInteractionCount": practice.adoption_count,
            },
        }
    )
