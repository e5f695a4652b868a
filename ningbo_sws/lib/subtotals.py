"""Rows grouped with a subtotal per group and a grand total (issue 13 item 7: the city's overviews by district).

    groups, total = subtotals.grouped(rows, key=lambda r: r["station"].district,
                                      values=lambda r: {"times": r["times"], "people": r["people"]})

`rows` come in the order they are shown (ordered by the group key first, e.g. township code); each group keeps
its rows, and `subtotal` sums the numbers `values(row)` gives (ints and Decimals, never floats). No query: the
page's own rows are summed, so a subtotal is what the rows above it add up to.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass
class Group:
    key: object
    rows: list = field(default_factory=list)
    subtotal: dict = field(default_factory=dict)
    count: int = 0  # rows in the group


def _add(into: dict, values: dict) -> None:
    for name, value in values.items():
        into[name] = into.get(name, 0) + (value or 0)


def grouped(rows: Iterable, *, key: Callable, values: Callable[[object], dict]) -> tuple[list[Group], dict]:
    """The rows in groups of equal `key(row)` (in first-seen order) with their subtotals, and the grand total."""
    groups: dict = {}
    total: dict = {}
    for row in rows:
        k = key(row)
        group = groups.get(k)
        if group is None:
            group = groups[k] = Group(k)
        group.rows.append(row)
        group.count += 1
        numbers = values(row)
        _add(group.subtotal, numbers)
        _add(total, numbers)
    return list(groups.values()), total
