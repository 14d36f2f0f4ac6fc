"""PostgreSQL: keep Call.search_vector current with a trigger and index it. Nothing on SQLite."""

from django.db import migrations

from practices.migrations._search_sql import create_search_trigger, drop_search_trigger, on_postgresql

WEIGHTED = {"A": ["title"], "B": ["body"], "C": ["partners"]}


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0003_call_search_vector"),
        ("practices", "0003_search_triggers"),
    ]

    operations = [
        migrations.RunPython(
            on_postgresql(create_search_trigger("submissions_call", WEIGHTED)),
            on_postgresql(drop_search_trigger("submissions_call")),
        )
    ]
