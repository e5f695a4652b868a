"""Places where an app on a higher floor plugs into the shell without the lower floors importing it.

An app registers its navigation entries and landing-page panels in its `AppConfig.ready()`; the shell (in
`stations`) asks the registry. This keeps the layering one-way: `stations` never imports `services`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class NavItem:
    label: object  # a lazy translated string
    url_name: str
    roles: frozenset[str]
    order: int = 100


@dataclass(frozen=True)
class Panel:
    """A section of the landing page for the holders of `roles`. `render(request, principal)` returns HTML."""

    roles: frozenset[str]
    render: Callable
    order: int = 100


@dataclass
class Shell:
    """The navigation and the start page's panels."""

    nav: list[NavItem] = field(default_factory=list)
    panels: list[Panel] = field(default_factory=list)

    def add_nav(self, item: NavItem) -> None:
        if item not in self.nav:
            self.nav.append(item)
            self.nav.sort(key=lambda i: i.order)

    def add_panel(self, panel: Panel) -> None:
        if panel not in self.panels:
            self.panels.append(panel)
            self.panels.sort(key=lambda p: p.order)


shell = Shell()


class CodeBook(Generic[T]):
    """Entries with a `code` and an `order`, kept by code in order: the base of the seams (figures, records,
    to-do). Registering a code again replaces its entry (an app's `ready()` may run twice in tests)."""

    def __init__(self):
        self.entries: dict[str, T] = {}

    def check(self, entry: T) -> None:
        """Refuse an entry that is not well formed (overridden)."""

    def register(self, entry: T) -> None:
        self.check(entry)
        self.entries[entry.code] = entry
        self.entries = dict(sorted(self.entries.items(), key=lambda item: (item[1].order, item[0])))

    def register_all(self, entries: Iterable[T]) -> None:
        for entry in entries:
            self.register(entry)

    def get(self, code: str) -> T | None:
        return self.entries.get(code)

    def __iter__(self):
        return iter(self.entries.values())
