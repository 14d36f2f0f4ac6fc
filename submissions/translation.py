import simple_history as history
from modeltranslation.translator import register

from website.i18n import CatalogueTranslationOptions

from .models import Call


@register(Call)
class CallTranslationOptions(CatalogueTranslationOptions):
    fields = ("title", "body", "partners")


# The audit trail of calls; registered after the translated fields exist.
history.register(Call, app="submissions", excluded_fields=["search_vector"])
