"""Which fields exist in Finnish, Swedish and English, and how they fall back."""

import simple_history as history
from modeltranslation.translator import register

from website.i18n import CatalogueTranslationOptions

from .models import (
    Adoption,
    Criterion,
    CriterionAssessment,
    IntegrationPhase,
    Practice,
    PracticeLink,
    Region,
    SelectionRound,
    TargetGroup,
    Theme,
)


@register(Theme)
@register(TargetGroup)
@register(IntegrationPhase)
class VocabularyTranslationOptions(CatalogueTranslationOptions):
    fields = ("name", "description")


@register(Criterion)
class CriterionTranslationOptions(CatalogueTranslationOptions):
    fields = ("name", "description", "level_0", "level_1", "level_2", "level_3")


@register(Region)
@register(SelectionRound)
class NameTranslationOptions(CatalogueTranslationOptions):
    fields = ("name",)


@register(Practice)
class PracticeTranslationOptions(CatalogueTranslationOptions):
    fields = (
        "title",
        "summary",
        "goal",
        "how_it_works",
        "results",
        "resources",
        "adoption",
        "organisation",
        "funder",
        "funding_programme",
        "contact",
        "contact_role",
    )


@register(PracticeLink)
class PracticeLinkTranslationOptions(CatalogueTranslationOptions):
    fields = ("title",)


@register(CriterionAssessment)
class CriterionAssessmentTranslationOptions(CatalogueTranslationOptions):
    fields = ("how_met", "justification")


# The audit trail: a history row for every change, with who and when. Registered
# here, after the translated fields exist, so the history has every language.
history.register(Practice, app="practices", excluded_fields=["search_vector"])
history.register(CriterionAssessment, app="practices")
# Who approved a report and when; its contact details stay out, so that erasing them
# (submissions/privacy.py) leaves no copy behind.
history.register(
    Adoption, app="practices", excluded_fields=["contact_name", "contact_email", "form_token"]
)
