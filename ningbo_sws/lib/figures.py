"""Figures: every number an app knows about a station in a year, under a stable code (issue 10, "Seams").

Evaluation binds its indicators to these codes and disclosure shows them, without importing the apps that
compute them. Each app registers its figures in `AppConfig.ready()`:

    figures.register(Figure("staffing.social_workers", _("Social workers on staff"), Unit.PEOPLE,
                            social_workers, order=300))

where `social_workers(station_ids, *, year) -> {station_id: value}` answers for many stations in a fixed number
of queries (a station without a value may be left out: it reads as 0 or "not recorded" to the caller). Codes are
"<app>.<name>"; values are int or Decimal.

Periods (R23's quarterly disclosure): a figure registered with `periodic=True` also answers for some months of
the year, `compute(station_ids, *, year, months=(7, 8, 9))`; `months=None` is the whole year, so every existing
caller and figure keeps its signature. `in_months(field, year, months)` is the one filter such figures use.
`FigureBook.compute(..., months=...)` refuses a figure that is not periodic (it would answer for the year).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .registry import CodeBook

Value = int | Decimal | None


class Unit(models.TextChoices):
    COUNT = "count", _("number")
    PEOPLE = "people", _("people")
    TIMES = "times", _("times (人次)")
    SQUARE_METRES = "m2", _("m²")
    HOURS = "hours", _("hours")
    PERCENT = "percent", _("%")
    YUAN = "yuan", _("yuan")


class Compute(Protocol):
    def __call__(self, station_ids: list[int], *, year: int) -> dict[int, Value]: ...


Months = tuple[int, ...] | None


def in_months(field: str, year: int, months: Months = None) -> Q:
    """The filter of a periodic figure: `field` (a date) in `year`, and in `months` when given."""
    q = Q(**{f"{field}__year": year})
    if months:
        q &= Q(**{f"{field}__month__in": list(months)})
    return q


def quarter_months(quarter: int) -> tuple[int, ...]:
    """The months of a quarter (1–4)."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"no quarter {quarter!r}")
    return tuple(range(3 * quarter - 2, 3 * quarter + 1))


@dataclass(frozen=True)
class Figure:
    code: str  # "staffing.social_workers": stable, evaluation binds to it
    label: object  # lazy translated
    unit: str  # a Unit
    compute: Compute
    order: int = 100
    periodic: bool = False  # compute() also takes months=(...) (see the module's docstring)


class FigureBook(CodeBook[Figure]):
    """The registered figures by code, in order."""

    def check(self, figure: Figure) -> None:
        if figure.unit not in Unit.values:
            raise ValueError(f"figure {figure.code}: unknown unit {figure.unit!r}")

    def compute(self, code: str, station_ids: Iterable[int], *, year: int, months: Months = None
                ) -> dict[int, Value]:
        """The values of one figure; {} when no app registered it (a lower app asking a higher one's figure).
        With `months`, only a periodic figure answers; another raises ValueError (ask `answers(code, months)`)."""
        figure = self.entries.get(code)
        if figure is None:
            return {}
        if months:
            if not figure.periodic:
                raise ValueError(f"figure {code} answers for whole years only")
            return figure.compute(list(station_ids), year=year, months=tuple(months))
        return figure.compute(list(station_ids), year=year)

    def answers(self, code: str, months: Months = None) -> bool:
        """Whether a figure of this code is registered and answers for `months` (None: the year)."""
        figure = self.entries.get(code)
        return figure is not None and (not months or figure.periodic)

    def table(self, station_ids: Iterable[int], *, year: int, codes: Iterable[str] | None = None):
        """code -> station id -> value, for every registered figure (or `codes`)."""
        ids = list(station_ids)
        chosen = [self.entries[c] for c in codes] if codes is not None else list(self.entries.values())
        return {f.code: f.compute(ids, year=year) for f in chosen}


figures = FigureBook()
