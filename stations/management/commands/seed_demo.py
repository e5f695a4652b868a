"""Demo data for a newcomer's first `make run`: every app's `demo.seed()`, lowest floor first. Idempotent."""

import importlib
import unicodedata

from django.apps import apps
from django.core.management.base import BaseCommand

from stations.demo import login_names, login_rows


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
        parser.add_argument("--table", action="store_true",
                            help="With --logins: print them as a table with a Chinese and English header.")

    def handle(self, *args, logins=False, table=False, **options):
        if not logins:
            for module in demo_modules():
                module.seed(self.stdout)
            self.stdout.write("Done! Demo data is in place; `seed_demo --logins` prints the demo logins.")
            return
        if table:
            self.stdout.write(login_table())
            return
        for row in login_rows():
            self.stdout.write("\t".join(row))


HEADER = ("角色 Role", "姓名 Name", "用户名 Username", "密码 Password", "范围 Scope")


def _width(text: str) -> int:
    """Columns a terminal gives the text: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def login_table() -> str:
    """The demo logins for `make run`: one row per login, columns aligned for Chinese and Latin text."""
    from stations.models import Role

    names = login_names()
    rows = [HEADER, *((f"{Role(role).label} {role}", names[username], username, password, f"{scope} {code}")
                      for role, username, password, code, scope in login_rows())]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(HEADER))]
    lines = ["  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
