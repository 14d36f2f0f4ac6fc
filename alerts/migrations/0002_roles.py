"""Editors see alert subscriptions and remove them on request; jurors do not see them
(submissions/roles.py)."""

from django.db import migrations

from submissions.roles import roles_apply


def apply_roles(apps, schema_editor):
    roles_apply(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
        ("submissions", "0040_roles_adoption_reports"),
    ]

    operations = [migrations.RunPython(apply_roles, migrations.RunPython.noop)]
