"""The ranked postings of each term on PostgreSQL (search/index.py, search/engine.py).

A table of derived data, kept by the index's own code path; no model: nothing reads or
writes it through the ORM. Not on SQLite, where FTS5 ranks with bm25().
"""

from django.db import migrations

CREATE = [
    # One row per term of a searchable row: the row's RUM distance for that term alone.
    # No primary key: the rows of a document are replaced whole, after its row is
    # updated (which locks it), so two saves of one document never both write.
    """CREATE TABLE IF NOT EXISTS search_posting (
        source integer NOT NULL,
        term text COLLATE "C" NOT NULL,
        doc integer NOT NULL,
        distance real NOT NULL
    )""",
    # A term's documents best first (and by prefix: the C collation orders by bytes).
    "CREATE INDEX IF NOT EXISTS search_posting_ranked "
    "ON search_posting (source, term, distance, doc)",
    # A document's rows, replaced when it is saved.
    "CREATE INDEX IF NOT EXISTS search_posting_doc ON search_posting (source, doc)",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TABLE IF EXISTS search_posting")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0031_word_verbose_name"),
    ]

    # Filled after migrating, with the rows that have none (search.index.index_missing).
    operations = [migrations.RunPython(forward, backward, elidable=False)]
