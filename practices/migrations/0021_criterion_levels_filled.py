"""The six criteria get a first anchored rating scale (what 0–3 mean), which editors
then refine in the admin. Only empty texts are filled."""

from django.db import migrations

from practices.demo_data import criterion_levels


def fill(apps, schema_editor):
    Criterion = apps.get_model("practices", "Criterion")
    for criterion in Criterion.objects.all():
        changed = [
            field
            for field, text in criterion_levels(criterion.slug).items()
            if not getattr(criterion, field)
        ]
        for field in changed:
            setattr(criterion, field, criterion_levels(criterion.slug)[field])
        if changed:
            criterion.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("practices", "0020_criterion_levels")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
