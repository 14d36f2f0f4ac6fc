"""Rebuild the whole search index (search/index.py), with a progress bar."""

import time

from django.core.management.base import BaseCommand
from django.db import connection
from tqdm import tqdm

from search import analysis, index


class Command(BaseCommand):
    help = "Analyse every searchable row anew and rewrite the search index."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, no_progress=False, **options):
        if analysis.voikko_error():
            self.stderr.write(
                f"Voikko is not available ({analysis.voikko_error()}): Finnish is only stemmed."
            )
        models = index.indexed_models()
        total = sum(index.rows_to_index(model) for model in models)
        started = time.monotonic()
        index.words_forget()
        with tqdm(total=total, unit="rows", disable=no_progress, file=self.stderr._out) as progress:
            for model in models:
                progress.set_description(model._meta.verbose_name_plural.capitalize())
                index.index_rebuild(model, progress.update)
        index.rebuilt()
        self.stdout.write(
            f"Indexed {total} rows in {time.monotonic() - started:.1f} s "
            f"({connection.vendor}, Voikko {'off' if analysis.voikko_error() else 'on'})."
        )
