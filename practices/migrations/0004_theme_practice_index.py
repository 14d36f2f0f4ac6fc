"""An index for "the newest practices of a theme" (related practices on a project page)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("practices", "0003_search_triggers")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX practices_practice_themes_theme_newest "
            "ON practices_practice_themes (theme_id, practice_id)",
            "DROP INDEX practices_practice_themes_theme_newest",
        )
    ]
