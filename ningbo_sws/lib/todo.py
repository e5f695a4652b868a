"""To-do: what waits for whom (issue 10, "Seams"), on the start page and as a count in the navigation.

Each app registers what waits for the holders of some roles in `AppConfig.ready()`:

    todo.register(Todo("finance.to_post", frozenset({Role.TOWNSHIP}), vouchers_to_post))

where `vouchers_to_post(principal) -> [Item(label, count, url)]` answers in a fixed number of queries and leaves
out what is at zero. The shell (stations) asks `todo.items(principal)` and never imports the apps.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from .registry import CodeBook


class Item(NamedTuple):
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class Todo:
    code: str  # "finance.to_post"
    roles: frozenset[str]
    items: Callable[..., list[Item]]  # items(principal) -> [Item(label, count, url)]
    order: int = 100


class TodoList(CodeBook[Todo]):
    """What waits for whom, by code, in order."""

    def items(self, principal) -> list[Item]:
        """What waits for this user, by the roles they hold; items at zero left out."""
        found = []
        for entry in self:
            if principal.roles & entry.roles:
                found.extend(Item(*item) for item in entry.items(principal) if item[1])
        return found


todo = TodoList()
