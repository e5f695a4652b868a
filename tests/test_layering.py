"""Issue 10 item 2: a lower app exposes public names only.

import-linter (pyproject.toml) forbids importing another app's `views` modules; it sees modules, not names, so
this file walks the syntax tree of every module of every app and refuses `from <other app>... import _name`
(and, as a second net for modules the contracts do not list yet, `<other app>.views*`).
"""

import ast
import pathlib
import tomllib

import grimp
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGES = ("ningbo_sws", "stations", "staffing", "services", "finance", "archives", "evaluation")
# The project wiring names every app's views by its nature (DESIGN.md: exempt from the floors).
WIRING = {"ningbo_sws/urls.py", "ningbo_sws/settings.py", "ningbo_sws/wsgi.py", "ningbo_sws/asgi.py"}

# Imports that other helpers of this session remove (issue 10): each line must still exist, so that once it is
# gone the list is cleaned up rather than left as a hole. Delete an entry when this test says it is stale.
PENDING: set = set()  # crossings tolerated while a move is under way; empty when none is


def _is_views(module: str) -> bool:
    return any(part == "views" or part.startswith("views_") for part in module.split(".")[1:])


def crossings(source: str, path: str) -> list[tuple[str, str, str]]:
    """(path, module, name) for every import in `source` (the module at `path`, e.g. "finance/access.py") of a
    `_private` name or a views module of another top-level package of the project."""
    own = path.split("/")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            top = node.module.split(".")[0]
            if top not in PACKAGES or top == own:
                continue
            for alias in node.names:
                views = _is_views(node.module) or _is_views(f"{node.module}.{alias.name}")
                if alias.name.startswith("_") or (views and path not in WIRING):
                    found.append((path, node.module, alias.name))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                if top in PACKAGES and top != own and path not in WIRING and _is_views(alias.name):
                    found.append((path, alias.name, ""))
    return found


def project_modules():
    for package in PACKAGES:
        for file in sorted((ROOT / package).rglob("*.py")):
            yield file.relative_to(ROOT).as_posix(), file.read_text(encoding="utf-8")


def test_no_app_imports_a_private_name_or_the_views_of_another_app():
    """Issue 10 item 2: `from stations.access import _visible_or_404` in finance (as it was) fails here."""
    found = {c for path, source in project_modules() for c in crossings(source, path)}
    assert found - PENDING == set()
    stale = PENDING - found
    assert not stale, f"these imports are gone: delete them from PENDING in {__file__}: {sorted(stale)}"


@pytest.mark.parametrize(("path", "source", "expected"), [
    # another app's private name: refused, also inside a function or as a submodule
    ("finance/access.py", "from stations.access import _visible_or_404, principal",
     [("finance/access.py", "stations.access", "_visible_or_404")]),
    ("services/actions.py", "def f():\n    from stations.actions import _tracked_save as s\n",
     [("services/actions.py", "stations.actions", "_tracked_save")]),
    ("stations/rules.py", "from ningbo_sws.lib.compliance import _helper",
     [("stations/rules.py", "ningbo_sws.lib.compliance", "_helper")]),
    # another app's views, in every spelling
    ("finance/views.py", "from stations.views import form_error",
     [("finance/views.py", "stations.views", "form_error")]),
    ("finance/views.py", "from stations import views_setup",
     [("finance/views.py", "stations", "views_setup")]),
    ("finance/views.py", "import services.views_groups",
     [("finance/views.py", "services.views_groups", "")]),
    # allowed: an app's own private names and views, relative imports, public names, gettext's `_`, wiring
    ("stations/views_setup.py", "from stations.access import _visible_or_404\nfrom stations.views import x", []),
    ("services/models.py", "from .models_groups import _private", []),
    ("finance/access.py", "from stations.access import gate, principal", []),
    ("finance/forms.py", "from django.utils.translation import gettext_lazy as _", []),
    ("ningbo_sws/urls.py", "from stations import views as station_views", []),
    ("stations/views.py", "from stationsx.thing import _y", []),
])
def test_the_walker_finds_exactly_crossings_into_other_apps(path, source, expected):
    """The check is precise: another top-level app only (issue 10 item 2)."""
    assert crossings(source, path) == expected


def test_every_views_module_is_covered_by_an_import_linter_contract():
    """A new `views_*.py` module is forbidden to other apps as soon as it exists (pyproject.toml)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    forbidden = {m for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "forbidden"
                 for m in c["forbidden_modules"]}
    views = {f"{package}.{file.stem}" for package in PACKAGES if package != "ningbo_sws"
             for file in (ROOT / package).glob("views*.py")}
    assert views, "no views modules found: the test looks in the wrong place"
    assert views - forbidden == set()


def test_no_import_cycle_inside_any_package():
    """Issue 10: services.models ↔ services.models_groups was a cycle. Every import inside a package of the
    project runs one way (imports inside functions count too: they hide a cycle, they do not break it)."""
    graph = grimp.build_graph(*PACKAGES)
    cycles = []
    for module in sorted(graph.modules):
        if ".migrations" in module:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            same_package = imported.split(".")[0] == module.split(".")[0]
            if same_package and graph.find_shortest_chain(importer=imported, imported=module):
                cycles.append((module, imported))
    assert cycles == []
