"""A review's texts become two kinds: for the submitter, and confidential.

Every comment written before this split was written without knowing who would read it,
so each becomes confidential (for the editors and jury); nothing already written can
reach the submitter unless a juror writes it again as a text for the submitter.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("submissions", "0021_jury_notices")]

    operations = [
        migrations.RenameField("review", "comment", "confidential_comment"),
        migrations.RenameField("historicalreview", "comment", "confidential_comment"),
        migrations.RenameField("reviewscore", "comment", "confidential_comment"),
        migrations.RenameField("historicalreviewscore", "comment", "confidential_comment"),
    ]
