"""Editors manage the reports of where a practice is used and the messages sent to
practices' owners (submissions/roles.py); jurors see neither."""

from django.db import migrations

from submissions.roles import roles_apply


def apply_roles(apps, schema_editor):
    roles_apply(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0012_submission_funder"),
        ("practices", "0040_adoption_and_contact"),
    ]

    operations = [migrations.RunPython(apply_roles, migrations.RunPython.noop)]
