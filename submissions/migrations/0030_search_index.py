"""The search index from the project's own analysis (search/index.py): no trigger on
PostgreSQL (a RUM index where available), an FTS5 table on SQLite."""

from django.db import migrations

from search.sql import search_index_backward, search_index_forward

WEIGHTED = {"A": ["title"], "B": ["body"], "C": ["partners"]}


class Migration(migrations.Migration):
    dependencies = [("submissions", "0040_roles_adoption_reports"), ("search", "0030_word")]

    operations = [
        migrations.RunPython(
            search_index_forward("submissions_call"),
            search_index_backward("submissions_call", WEIGHTED),
        )
    ]
