"""The staff groups get exactly the rights of submissions/roles.py, the one table of
them (0002 and projects 0002 made them from copies of it, frozen there)."""

from django.db import migrations

from submissions.roles import roles_apply


def apply_roles(apps, schema_editor):
    roles_apply(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0008_outgoingemail_moves_to_outbox"),
        ("outbox", "0002_table_name"),
        ("projects", "0007_list_indexes"),
        ("practices", "0009_search_vector_in_row"),
    ]

    operations = [migrations.RunPython(apply_roles, migrations.RunPython.noop)]
