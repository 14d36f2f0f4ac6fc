"""The shared cache's table, for the database cache that is the default without Redis.

`migrate` makes it, so a fresh installation needs no separate `createcachetable`;
with Redis configured there is no database cache and nothing is made.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies: list = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
