"""The station report card's rules: each app registers the rules of the regulation it carries out.

A rule checks many stations at once (so that a district table of 162 stations × all rules costs a fixed number
of queries) and answers, per station, met / not met / not recorded with the reason in words, e.g.
`个案工作室 8 m²，不足 10 m²（R9.2）`. The report card (stations) and the district and city tables ask
`compliance.rules` and never import the apps that registered them, so staffing (R5, R12, R19, R20),
services (R17, R18), finance (R21), archives (R22) and evaluation (R28) add their rules without changing the card.

Every rule answers for a year (issue 10: one signature, the period in the contract). Register in
`AppConfig.ready()`:

    compliance.register(ComplianceRule("R9.2", _("Case room"), check_case_rooms, order=92))

where `check_case_rooms(stations, *, year) -> dict[station_id, Finding]` gets a list of Station objects and the
year. Every rule names the page where a failing finding is fixed, `fix_url(station, *, year) -> url`
(issue 13 item 3): the report card links each row there, and the submission page lists what still fails with
its link. `rule.link(station, year=...)` gives the URL ("" when the rule has none).

A rule about a state (a room, a contract in force, the staff) reads it on `as_of(year)`: today in the
current year, the last day of a past year.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from django.utils import timezone


def current_year() -> int:
    """The year of today in the project's time zone (Asia/Shanghai), the default period of every page."""
    return timezone.localdate().year


def year_from(value, *, default: int | None = None) -> int:
    """A year from a query parameter: anything that is not a year from 2000 to 2100 gives `default` (the
    current year), never an error page."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        year = 0
    return year if 2000 <= year <= 2100 else (default or current_year())


def as_of(year: int) -> datetime.date:
    """The day on which a rule reads a state for `year`: today for the current year, 31 December of a past
    year, 1 January of a future one."""
    today = timezone.localdate()
    if year == today.year:
        return today
    return datetime.date(year, 12, 31) if year < today.year else datetime.date(year, 1, 1)


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NOT_RECORDED = "not_recorded"


@dataclass(frozen=True)
class Finding:
    status: Status
    reason: str = ""  # translated words for people: why met or not

    @property
    def met(self) -> bool:
        return self.status == Status.MET


class Check(Protocol):
    def __call__(self, stations: list, *, year: int) -> dict[int, Finding]: ...


@dataclass(frozen=True)
class ComplianceRule:
    rule_id: str  # the regulation id, "R9.2"
    title: object  # lazy translated short title
    check: Check  # check(stations, *, year) -> {station id: Finding}
    order: int = 100
    article: str = ""  # "第九条" etc., shown as 依据《规范》第九条; derived from rule_id when empty
    fix_url: Callable[..., str] | None = None  # fix_url(station, *, year) -> the page where the finding is fixed

    def link(self, station, *, year: int) -> str:
        """The page where this rule's finding for `station` is fixed, or "" when the rule names none."""
        return self.fix_url(station, year=year) if self.fix_url else ""

    @property
    def article_number(self) -> int:
        return int(self.rule_id.lstrip("R").split(".")[0])


@dataclass
class RuleBook:
    """The report card's rules, in order (one per regulation id)."""

    rules: list[ComplianceRule] = field(default_factory=list)

    def register(self, rule: ComplianceRule) -> None:
        self.rules = sorted([r for r in self.rules if r.rule_id != rule.rule_id] + [rule],
                            key=lambda r: (r.order, r.rule_id))

    def register_all(self, rules: Iterable[ComplianceRule]) -> None:
        for rule in rules:
            self.register(rule)

    def evaluate(self, stations: Iterable, *, year: int) -> dict[int, dict[str, Finding]]:
        """station id -> rule id -> Finding, for every registered rule, for `year`."""
        stations = list(stations)
        results: dict[int, dict[str, Finding]] = {s.pk: {} for s in stations}
        for rule in self.rules:
            findings = rule.check(stations, year=year)
            for station in stations:
                results[station.pk][rule.rule_id] = findings.get(station.pk, Finding(Status.NOT_RECORDED))
        return results


compliance = RuleBook()
