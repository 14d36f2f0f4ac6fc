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


# Since issue 16: the vectors come from the project's own analysis (search/index.py),
# written by Python on every database; no trigger. ----------------------------------

FTS5_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS {table}_fts USING fts5("
    "a, b, c, tokenize = 'unicode61 remove_diacritics 0', prefix = '3 4')"
)


def rum_available(connection) -> bool:
    """Whether the `rum` extension is installed, or can be (available and we may create it)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'rum'), "
            "EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum'), "
            "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
        )
        installed, available, superuser = cursor.fetchone()
    return installed or (available and superuser)


def rum_in_use(connection, table: str) -> bool:
    """Whether the table's search vectors have a RUM index (else GIN)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_indexes WHERE tablename = %s AND indexname = %s)",
            [table, f"{table}_search_rum"],
        )
        return cursor.fetchone()[0]


def search_index_forward(table: str):
    """A RunPython function: the analysed index for `table` instead of the trigger's.

    PostgreSQL: no trigger; vectors emptied (search.apps fills them after migrating);
    a RUM index where the extension is available, else the GIN index stays.
    SQLite: the FTS5 table beside the table.
    """

    def run(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor == "postgresql":
            for statement in drop_search_trigger(table)[1:]:  # the GIN index stays for now
                schema_editor.execute(statement)
            schema_editor.execute(f"UPDATE {table} SET search_vector = NULL")
            if rum_available(connection):
                schema_editor.execute("CREATE EXTENSION IF NOT EXISTS rum")
                schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_gin")
                schema_editor.execute(
                    f"CREATE INDEX IF NOT EXISTS {table}_search_rum ON {table} "
                    "USING rum (search_vector rum_tsvector_ops)"
                )
        elif connection.vendor == "sqlite":
            schema_editor.execute(FTS5_TABLE.format(table=table))

    return run


def search_index_backward(table: str, weighted: dict[str, list[str]]):
    def run(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_rum")
            for statement in create_search_trigger(table, weighted):
                schema_editor.execute(statement)
        elif connection.vendor == "sqlite":
            schema_editor.execute(f"DROP TABLE IF EXISTS {table}_fts")

    return run
