"""Reads of the multi-year dashboards (issue 12 item 5): for a district its stations, for the city its districts,
over the evaluation years — grades and totals, the report card's status, services and spending.

A fixed number of queries whatever the number of stations: the years (1), every assessment of those years for
those stations (1), and per year each report-card rule once (`compliance.evaluate`) and each figure once
(`figures.compute`). Nothing here writes.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from ningbo_sws.lib.compliance import compliance
from ningbo_sws.lib.figures import figures

from .models_cycle import Assessment, EvaluationYear

YEARS_SHOWN = 5  # the last five evaluation years up to the one asked for
SERVICES_FIGURE = "services.service_times"
SPENDING_FIGURE = "finance.expense"
DONE = (Assessment.Status.FINALISED, Assessment.Status.PUBLISHED)


def years_up_to(year: int) -> list[EvaluationYear]:
    """The evaluation years up to `year`, oldest first, at most YEARS_SHOWN (one query)."""
    chosen = list(EvaluationYear.objects.filter(year__lte=year).select_related("standard").order_by("-year")
                  [:YEARS_SHOWN])
    return chosen[::-1]


@dataclass
class Cell:
    """One row's figures for one year."""

    stations: int = 0
    card_met: int = 0  # stations meeting every rule of the report card that was recorded
    rules_met: int = 0  # rule findings met, summed over the stations
    rules_recorded: int = 0  # rule findings recorded (met or not), summed over the stations
    services: Decimal = Decimal(0)
    spending: Decimal = Decimal(0)
    totals: list = field(default_factory=list)
    grades: dict = field(default_factory=dict)  # grade -> stations
    status: str = ""  # for one station: the assessment's status label

    @property
    def card_share(self) -> int:
        """Percent of the rule findings recorded that are met."""
        return round(100 * self.rules_met / self.rules_recorded) if self.rules_recorded else 0

    @property
    def mean_total(self):
        return (sum(self.totals) / len(self.totals)).quantize(Decimal("0.1")) if self.totals else None


@dataclass
class TrendRow:
    key: int
    name: str
    url: str = ""
    cells: list = field(default_factory=list)  # one Cell per year, in the years' order
    heat: list = field(default_factory=list)  # [(rule id, percent of stations meeting it)] in the latest year


@dataclass
class Trends:
    years: list  # [int], oldest first
    rows: list  # [TrendRow]
    rules: list  # the report card's rules, for the heat table's heading
    grade_names: list  # the latest year's bands, best first
    grade_counts: dict = field(default_factory=dict)  # grade -> [stations per year]

    def series(self, attribute: str) -> list:
        """[(row name, [value per year])] for a line chart."""
        return [(row.name, [getattr(cell, attribute) for cell in row.cells]) for row in self.rows]


def trends(evaluation_years, stations, *, by_district: bool, url_of=None) -> Trends:
    """The rows (one per station, or one per district when `by_district`) over `evaluation_years`."""
    stations = list(stations)
    ids = [s.pk for s in stations]
    years = [y.year for y in evaluation_years]
    assessments = {(a.station_id, a.evaluation_year_id): a for a in Assessment.objects.filter(
        evaluation_year__in=[y.pk for y in evaluation_years], station_id__in=ids).only(
        "station_id", "evaluation_year_id", "status", "total", "grade")}
    rows: dict[int, TrendRow] = {}
    for station in stations:
        key = station.district_id if by_district else station.pk
        if key not in rows:
            subject = station.district if by_district else station
            rows[key] = TrendRow(key=key, name=subject.name, url=url_of(subject) if url_of else "",
                                 cells=[Cell() for _y in years])
    rules = list(compliance.rules)
    latest_met: dict[int, dict[str, int]] = {}
    for index, evaluation_year in enumerate(evaluation_years):
        findings = compliance.evaluate(stations, year=evaluation_year.year)
        services = figures.compute(SERVICES_FIGURE, ids, year=evaluation_year.year)
        spending = figures.compute(SPENDING_FIGURE, ids, year=evaluation_year.year)
        last = index == len(evaluation_years) - 1
        for station in stations:
            row = rows[station.district_id if by_district else station.pk]
            cell = row.cells[index]
            cell.stations += 1
            recorded = [f for f in findings.get(station.pk, {}).values() if f.status != "not_recorded"]
            met = sum(1 for f in recorded if f.met)
            cell.rules_met += met
            cell.rules_recorded += len(recorded)
            cell.card_met += 1 if recorded and met == len(recorded) else 0
            cell.services += Decimal(services.get(station.pk) or 0)
            cell.spending += Decimal(spending.get(station.pk) or 0)
            assessment = assessments.get((station.pk, evaluation_year.pk))
            if assessment is not None:
                cell.status = assessment.get_status_display()
                if assessment.status in DONE and assessment.total is not None:
                    cell.totals.append(assessment.total)
                if assessment.status in DONE and assessment.grade:
                    cell.grades[assessment.grade] = cell.grades.get(assessment.grade, 0) + 1
            if last:
                counts = latest_met.setdefault(row.key, {})
                for rule_id, finding in findings.get(station.pk, {}).items():
                    counts[rule_id] = counts.get(rule_id, 0) + (1 if finding.met else 0)
    for row in rows.values():
        stations_now = row.cells[-1].stations if row.cells else 0
        counts = latest_met.get(row.key, {})
        row.heat = [(r.rule_id, round(100 * counts.get(r.rule_id, 0) / stations_now) if stations_now else 0)
                    for r in rules]
    grade_names = (list(evaluation_years[-1].standard.bands.order_by("-order").values_list("name", flat=True))
                   if evaluation_years else [])
    out = Trends(years=years, rows=list(rows.values()), rules=rules, grade_names=grade_names)
    for name in grade_names:
        out.grade_counts[name] = [sum(row.cells[i].grades.get(name, 0) for row in out.rows)
                                  for i in range(len(years))]
    return out
