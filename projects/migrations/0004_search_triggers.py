"""PostgreSQL: keep Project.search_vector current with a trigger and index it; index
coordinator names for trigram matching. Nothing on SQLite."""

from django.db import migrations

from practices.migrations._search_sql import create_search_trigger, drop_search_trigger, on_postgresql

WEIGHTED = {
    "A": ["name"],
    "B": ["summary", "coordinator"],
    "C": ["description", "partners"],
}

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *create_search_trigger("projects_project", WEIGHTED),
    "CREATE INDEX IF NOT EXISTS projects_project_coordinator_trgm "
    "ON projects_project USING gin (coordinator_fi gin_trgm_ops)",
]

BACKWARD = [
    "DROP INDEX IF EXISTS projects_project_coordinator_trgm",
    *drop_search_trigger("projects_project"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0003_project_search_vector"),
        ("practices", "0003_search_triggers"),
    ]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD))]
