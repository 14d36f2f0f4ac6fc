"""PostgreSQL: keep a practice's search vector in its row, not in the TOAST table.

A practice row with its texts in three languages is wider than the 2 kB at which
PostgreSQL moves its largest values out of the row, and the search vector was
among them: every search read and reassembled ~9,000 vectors from TOAST chunks
to test and rank them. With storage MAIN the long texts move out first and the
vector stays in the row (compressed if need be), which the benchmark measured at
a third of the time for a common word (docs/performance.md). Existing vectors
are rebuilt by the search trigger so that they are stored the new way.
Nothing on SQLite.
"""

from django.db import migrations

from practices.migrations._search_sql import on_postgresql

FORWARD = [
    "ALTER TABLE practices_practice ALTER COLUMN search_vector SET STORAGE MAIN",
    "UPDATE practices_practice SET title_fi = title_fi",
]

BACKWARD = [
    "ALTER TABLE practices_practice ALTER COLUMN search_vector SET STORAGE EXTENDED",
]


class Migration(migrations.Migration):
    dependencies = [("practices", "0008_list_indexes")]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD))]
