"""Indexes for the archive list at scale.

* `project_newest_idx`, in the list's order (newest start first, undated last,
  then id): a page reads 25 index entries instead of sorting the whole archive.
  It is made here rather than in the model's Meta because SQLite cannot say
  NULLS LAST in an index; there a descending column already sorts NULLs last.
* `project_facets_idx`: every column the level, year and status counts read, so
  that they scan this small index instead of the wide table with its texts.
"""

from django.db import migrations, models

NEWEST = {
    "postgresql": "CREATE INDEX project_newest_idx ON projects_project "
    "(start_date DESC NULLS LAST, id)",
    "sqlite": "CREATE INDEX project_newest_idx ON projects_project (start_date DESC, id)",
}


def create_newest_index(apps, schema_editor):
    schema_editor.execute(NEWEST[schema_editor.connection.vendor])


def drop_newest_index(apps, schema_editor):
    schema_editor.execute("DROP INDEX project_newest_idx")


class Migration(migrations.Migration):
    dependencies = [("projects", "0006_alter_project_description_and_more")]

    operations = [
        migrations.RemoveIndex(model_name="project", name="project_start_idx"),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                fields=["id", "level", "start_date", "end_date"], name="project_facets_idx"
            ),
        ),
        migrations.RunPython(create_newest_index, drop_newest_index, elidable=False),
    ]
