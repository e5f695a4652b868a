"""Figures: every number an app knows about a station in a year, under a stable code (issue 10, "Seams").

Evaluation binds its indicators to these codes and disclosure shows them, without importing the apps that
compute them. Each app registers its figures in `AppConfig.ready()`:

    figures.register(Figure("staffing.social_workers", _("Social workers on staff"), Unit.PEOPLE,
                            social_workers, order=300))

where `social_workers(station_ids, *, year) -> {station_id: value}` answers for many stations in a fixed number
of queries (a station without a value may be left out: it reads as 0 or "not recorded" to the caller). Codes are
"<app>.<name>"; values are int or Decimal.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.db import models
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


@dataclass(frozen=True)
class Figure:
    code: str  # "staffing.social_workers": stable, evaluation binds to it
    label: object  # lazy translated
    unit: str  # a Unit
    compute: Compute
    order: int = 100


class FigureBook(CodeBook[Figure]):
    """The registered figures by code, in order."""

    def check(self, figure: Figure) -> None:
        if figure.unit not in Unit.values:
            raise ValueError(f"figure {figure.code}: unknown unit {figure.unit!r}")

    def compute(self, code: str, station_ids: Iterable[int], *, year: int) -> dict[int, Value]:
        """The values of one figure; {} when no app registered it (a lower app asking a higher one's figure)."""
        figure = self.entries.get(code)
        return figure.compute(list(station_ids), year=year) if figure is not None else {}

    def table(self, station_ids: Iterable[int], *, year: int, codes: Iterable[str] | None = None):
        """code -> station id -> value, for every registered figure (or `codes`)."""
        ids = list(station_ids)
        chosen = [self.entries[c] for c in codes] if codes is not None else list(self.entries.values())
        return {f.code: f.compute(ids, year=year) for f in chosen}


figures = FigureBook()
