"""Indexes for the archive list at scale.

* `project_newest_idx`, in the list's order (newest start first, undated last,
  then id): a page reads 25 index entries instead of sorting the whole archive.
* `project_facets_idx`: every column the level, year and status counts read, so
  that they scan this small index instead of the wide table with its texts.
"""

from django.db import migrations, models

import projects.models


class Migration(migrations.Migration):
    dependencies = [("projects", "0006_alter_project_description_and_more")]

    operations = [
        migrations.RemoveIndex(model_name="project", name="project_start_idx"),
        migrations.AddIndex(
            model_name="project",
            index=projects.models.NullsLastIndex(
                models.OrderBy(models.F("start_date"), descending=True, nulls_last=True),
                models.F("id"),
                name="project_newest_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                fields=["id", "level", "start_date", "end_date"], name="project_facets_idx"
            ),
        ),
    ]
