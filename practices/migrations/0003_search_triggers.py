"""PostgreSQL: keep Practice.search_vector current with a trigger, index it, and index
names of organisations and municipalities for trigram matching. Nothing on SQLite."""

from django.db import migrations

from practices.migrations._search_sql import create_search_trigger, drop_search_trigger, on_postgresql

WEIGHTED = {
    "A": ["title"],
    "B": ["summary", "organisation"],
    "C": ["goal", "how_it_works", "results", "resources", "adoption", "funder"],
}

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *create_search_trigger("practices_practice", WEIGHTED),
    "CREATE INDEX IF NOT EXISTS practices_practice_organisation_trgm "
    "ON practices_practice USING gin (organisation_fi gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS practices_municipality_name_fi_trgm "
    "ON practices_municipality USING gin (name_fi gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS practices_municipality_name_sv_trgm "
    "ON practices_municipality USING gin (name_sv gin_trgm_ops)",
]

BACKWARD = [
    "DROP INDEX IF EXISTS practices_practice_organisation_trgm",
    "DROP INDEX IF EXISTS practices_municipality_name_fi_trgm",
    "DROP INDEX IF EXISTS practices_municipality_name_sv_trgm",
    *drop_search_trigger("practices_practice"),
]


class Migration(migrations.Migration):
    dependencies = [("practices", "0002_practice_search_vector")]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD))]
