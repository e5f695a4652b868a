"""Demo data for a newcomer's first `make run`: every app's `demo.seed()`, lowest floor first. Idempotent."""

import importlib

from django.apps import apps
from django.core.management.base import BaseCommand

from stations.demo import login_rows


def demo_modules():
    modules = []
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        modules.append(module)
    return sorted(modules, key=lambda m: getattr(m, "ORDER", 100))


class Command(BaseCommand):
    help = "Load demo stations, people and records (idempotent) and print one demo login per role."

    def add_arguments(self, parser):
        parser.add_argument("--logins", action="store_true",
                            help="Only print the demo logins: role, username, password, scope code, scope name.")

    def handle(self, *args, logins=False, **options):
        if not logins:
            for module in demo_modules():
                module.seed(self.stdout)
            self.stdout.write("Done! Demo data is in place; `seed_demo --logins` prints the demo logins.")
            return
        for row in login_rows():
            self.stdout.write("\t".join(row))
