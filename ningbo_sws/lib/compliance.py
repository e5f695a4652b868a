"""The station report card's rules: each app registers the rules of the regulation it carries out.

A rule checks many stations at once (so that a district table of 162 stations × all rules costs a fixed number
of queries) and answers, per station, met / not met / not recorded with the reason in words, e.g.
`个案工作室 8 m²，不足 10 m²（R9.2）`. The report card (stations) and the district and city tables ask
`compliance.rules` and never import the apps that registered them, so staffing (R5, R12, R19, R20),
services (R17, R18), finance (R21), archives (R22) and evaluation (R28) add their rules without changing the card.

Register in `AppConfig.ready()`:

    compliance.register(ComplianceRule("R9.2", _("Case room"), check_case_rooms, order=92))

where `check_case_rooms(stations) -> dict[station_id, Finding]` gets a list of Station objects.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum


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


@dataclass(frozen=True)
class ComplianceRule:
    rule_id: str  # the regulation id, "R9.2"
    title: object  # lazy translated short title
    check: Callable[[list], dict[int, Finding]]
    order: int = 100
    article: str = ""  # "第九条" etc., shown as 依据《规范》第九条; derived from rule_id when empty

    @property
    def article_number(self) -> int:
        return int(self.rule_id.lstrip("R").split(".")[0])


@dataclass
class Registry:
    rules: list[ComplianceRule] = field(default_factory=list)
    # Optional providers that higher apps plug in, e.g. staffing's headcount for R9.1:
    # providers["headcount"](station_ids) -> dict[station_id, int]
    providers: dict[str, Callable] = field(default_factory=dict)

    def register(self, rule: ComplianceRule) -> None:
        self.rules = sorted([r for r in self.rules if r.rule_id != rule.rule_id] + [rule],
                            key=lambda r: (r.order, r.rule_id))

    def provide(self, name: str, function: Callable) -> None:
        self.providers[name] = function

    def evaluate(self, stations: Iterable) -> dict[int, dict[str, Finding]]:
        """station id -> rule id -> Finding, for every registered rule."""
        stations = list(stations)
        results: dict[int, dict[str, Finding]] = {s.pk: {} for s in stations}
        for rule in self.rules:
            findings = rule.check(stations)
            for station in stations:
                results[station.pk][rule.rule_id] = findings.get(station.pk, Finding(Status.NOT_RECORDED))
        return results


compliance = Registry()
