from modeltranslation.translator import register

from practices.translation import CatalogueTranslationOptions

from .models import Project


@register(Project)
class ProjectTranslationOptions(CatalogueTranslationOptions):
    fields = ("name", "summary", "description", "coordinator", "partners")
