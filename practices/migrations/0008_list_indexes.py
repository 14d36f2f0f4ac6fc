"""Indexes for the practice list at scale: a page of the newest published practices
reads 25 index entries, and the facet counts read a small index instead of the wide
table with its texts."""


from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('practices', '0007_link_schemes'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='practice',
            name='practice_published_idx',
        ),
        migrations.AddIndex(
            model_name='practice',
            index=models.Index(condition=models.Q(('status', 'published')), fields=['-published_at', '-id'], name='practice_newest_idx'),
        ),
        migrations.AddIndex(
            model_name='practice',
            index=models.Index(fields=['status', 'id', 'selection_round', 'suits_small', 'suits_medium', 'suits_large'], name='practice_facets_idx'),
        ),
    ]
