"""The search index from the project's own analysis (search/index.py): no trigger on
PostgreSQL (a RUM index where available), an FTS5 table on SQLite."""

from django.db import migrations

from search.sql import search_index_backward, search_index_forward

WEIGHTED = {
    "A": ["title"],
    "B": ["summary", "organisation"],
    "C": ["goal", "how_it_works", "results", "resources", "adoption", "funder"],
}


class Migration(migrations.Migration):
    dependencies = [("practices", "0040_adoption_and_contact"), ("search", "0030_word")]

    operations = [
        migrations.RunPython(
            search_index_forward("practices_practice"),
            search_index_backward("practices_practice", WEIGHTED),
        )
    ]
