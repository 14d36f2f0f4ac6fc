from django import template

from projects.models import Project

register = template.Library()


@register.inclusion_tag("projects/_related_projects.html")
def related_projects(practice, themes):
    """Archive projects on the same themes as a practice, for the practice page."""
    theme_ids = [theme.pk for theme in themes]
    projects = Project.objects.sharing_themes(theme_ids) if theme_ids else []
    return {"projects": projects, "practice": practice}
