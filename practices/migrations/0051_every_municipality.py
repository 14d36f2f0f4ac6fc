"""Every municipality of Finland from the shipped official file (practices/data/)."""

from django.db import migrations

from practices.municipalities import municipalities_load, shipped_rows


def load(apps, schema_editor):
    municipalities_load(
        Region=apps.get_model("practices", "Region"),
        Municipality=apps.get_model("practices", "Municipality"),
        rows=shipped_rows(),
    )


class Migration(migrations.Migration):
    dependencies = [("practices", "0050_municipality_code")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
