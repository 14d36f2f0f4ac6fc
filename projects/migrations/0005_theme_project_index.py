"""An index for "the newest projects of a theme" (related projects on a practice page)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("projects", "0004_search_triggers")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX projects_project_themes_theme_newest "
            "ON projects_project_themes (theme_id, project_id)",
            "DROP INDEX projects_project_themes_theme_newest",
        )
    ]
