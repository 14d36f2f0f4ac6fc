"""Load demo content: every installed app with a `demo` module contributes its part.

The apps load in the order of INSTALLED_APPS, so the shared vocabulary of
`practices` exists before the archive and the calls that refer to it.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand


def demo_modules():
    for app in apps.get_app_configs():
        if find_spec(f"{app.name}.demo") is not None:
            yield import_module(f"{app.name}.demo")


class Command(BaseCommand):
    help = "Load demo content in Finnish, Swedish and English. Safe to run again."

    def add_arguments(self, parser):
        for module in demo_modules():
            if hasattr(module, "add_arguments"):
                module.add_arguments(parser)

    def handle(self, *args, **options):
        for module in demo_modules():
            module.load(options=options, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
