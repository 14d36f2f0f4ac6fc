from modeltranslation.translator import register

from website.i18n import CatalogueTranslationOptions

from .models import Project


@register(Project)
class ProjectTranslationOptions(CatalogueTranslationOptions):
    fields = ("name", "summary", "description", "coordinator", "partners")
