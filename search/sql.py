"""SQL for the full-text search vectors on PostgreSQL, used by the `search` migrations.

Frozen with the migrations that use it: to change how a vector is built, add a
new function here and a new migration; never edit this one in place.
"""

CONFIGS = (("fi", "finnish"), ("sv", "swedish"), ("en", "english"))


def vector_expression(weighted: dict[str, list[str]]) -> str:
    """`setweight(to_tsvector('finnish', coalesce(NEW.title_fi, '')), 'A') || …` for every field."""
    parts = []
    for weight, fields in weighted.items():
        for name in fields:
            for lang, config in CONFIGS:
                text = f"coalesce(NEW.{name}_{lang}, '')"
                parts.append(f"setweight(to_tsvector('{config}', {text}), '{weight}')")
    return " || ".join(parts)


def create_search_trigger(table: str, weighted: dict[str, list[str]]) -> list[str]:
    columns = ", ".join(
        f"{name}_{lang}" for fields in weighted.values() for name in fields for lang, _ in CONFIGS
    )
    first = f"{weighted['A'][0]}_fi"
    return [
        f"""CREATE OR REPLACE FUNCTION {table}_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector := {vector_expression(weighted)};
  RETURN NEW;
END
$$ LANGUAGE plpgsql""",
        f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table}",
        f"""CREATE TRIGGER {table}_search_vector BEFORE INSERT OR UPDATE OF {columns}
ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_search_vector()""",
        # Fill the vectors of the rows that exist: the trigger runs on this update.
        f"UPDATE {table} SET {first} = {first}",
        f"CREATE INDEX IF NOT EXISTS {table}_search_gin ON {table} USING gin (search_vector)",
    ]


def drop_search_trigger(table: str) -> list[str]:
    return [
        f"DROP INDEX IF EXISTS {table}_search_gin",
        f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table}",
        f"DROP FUNCTION IF EXISTS {table}_search_vector()",
    ]


def on_postgresql(statements):
    """A RunPython function that runs the statements on PostgreSQL and does nothing elsewhere."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run
