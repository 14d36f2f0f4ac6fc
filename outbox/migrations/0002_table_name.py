from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0001_initial"),
        ("submissions", "0008_outgoingemail_moves_to_outbox"),
    ]

    operations = [migrations.AlterModelTable(name="outgoingemail", table=None)]
