"""The search index from the project's own analysis (search/index.py): no trigger on
PostgreSQL (a RUM index where available), an FTS5 table on SQLite."""

from django.db import migrations

from search.sql import search_index_backward, search_index_forward

WEIGHTED = {"A": ["name"], "B": ["summary", "coordinator"], "C": ["description", "partners"]}


class Migration(migrations.Migration):
    dependencies = [("projects", "0007_list_indexes"), ("search", "0030_word")]

    operations = [
        migrations.RunPython(
            search_index_forward("projects_project"),
            search_index_backward("projects_project", WEIGHTED),
        )
    ]
