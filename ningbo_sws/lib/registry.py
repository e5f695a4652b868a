"""Places where an app on a higher floor plugs into the shell without the lower floors importing it.

An app registers its navigation entries and landing-page panels in its `AppConfig.ready()`; the shell (in
`stations`) asks the registry. This keeps the layering one-way: `stations` never imports `services`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


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
