"""The report card: per station each registered rule with its id, met / not met / not recorded and why; a
district table (stations × rules) and a city table (districts × rules), both exportable as .xlsx.

The rules come from `ningbo_sws.lib.compliance` (R8–R11 and R15 from this app; later apps register theirs), so
these pages never change when a rule is added. Each rule checks all stations at once: fixed query counts.
"""

from dataclasses import dataclass, field

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ningbo_sws.lib.compliance import Status, compliance, year_from
from ningbo_sws.lib.export import Sheet

from . import queries
from .access import division_for, principal, rule, station_for
from .exports import status_label, xlsx_download
from .models import Division, Station


@dataclass
class Cell:
    """A finding with its status in words (for the .xlsx); pages show it with `{% finding_badge %}`."""

    status: str
    reason: str
    label: str


@dataclass
class Row:
    name: str
    url: str
    status: str = ""
    cells: list[Cell] = field(default_factory=list)
    met: int = 0


def _cell(finding) -> Cell:
    return Cell(finding.status, finding.reason, status_label(finding.status))


@rule("station")
def station_compliance(request, station_id):
    """The report card of one station: every registered rule, article by article."""
    station = station_for(request, station_id)
    year = year_from(request.GET.get("year"))
    stations = queries.report_stations(Station.objects.filter(pk=station.pk))
    findings = compliance.evaluate(stations, year=year)[station.pk]
    items = [(r, _cell(findings[r.rule_id]), r.link(station, year=year)) for r in compliance.rules]
    met = sum(1 for _r, c, _link in items if c.status == Status.MET)
    return render(request, "stations/compliance_card.html", {
        "station": stations[0], "items": items, "met": met, "total": len(items), "year": year})


def _scope_stations(request, division: Division):
    qs = Station.objects.filter(principal(request).station_filter())
    if division.level == Division.Level.DISTRICT:
        qs = qs.filter(district=division)
    elif division.level != Division.Level.CITY:
        qs = qs.filter(township=division.township)
    return queries.report_stations(qs)


def _table(request, division: Division, year: int):
    """(headers, rows, totals) for the division in `year`: stations × rules, or for the city districts × rules."""
    stations = _scope_stations(request, division)
    results = compliance.evaluate(stations, year=year)
    rules = compliance.rules
    if division.level != Division.Level.CITY:
        rows = []
        for s in stations:
            row = Row(s.name, s.get_absolute_url(), s.get_status_display(),
                      [_cell(results[s.pk][r.rule_id]) for r in rules])
            row.met = sum(1 for c in row.cells if c.status == Status.MET)
            rows.append(row)
        totals = [sum(1 for s in stations if results[s.pk][r.rule_id].status == Status.MET) for r in rules]
        return stations, rows, totals
    by_district: dict[int, list] = {}
    for s in stations:
        by_district.setdefault(s.district_id, []).append(s)
    rows = []
    for members in by_district.values():
        district = members[0].district
        counts = [sum(1 for s in members if results[s.pk][r.rule_id].status == Status.MET) for r in rules]
        row = Row(district.name, reverse("division_compliance", args=[district.code]), str(len(members)))
        row.cells = counts
        rows.append(row)
    rows.sort(key=lambda row: row.url)
    totals = [sum(1 for s in stations if results[s.pk][r.rule_id].status == Status.MET) for r in rules]
    return stations, rows, totals


@rule("division")
def division_compliance(request, code):
    """District table (stations × rules) or city table (districts × rules: stations meeting each rule)."""
    division = division_for(request, code)
    year = year_from(request.GET.get("year"))
    stations, rows, totals = _table(request, division, year)
    return render(request, "stations/compliance_table.html", {
        "division": division, "rules": compliance.rules, "rows": rows, "totals": totals, "year": year,
        "station_count": len(stations), "is_city": division.level == Division.Level.CITY})


@rule("division")
def division_compliance_xlsx(request, code):
    """The same table as .xlsx: the same figures, and a sheet with every reason in words."""
    division = division_for(request, code)
    year = year_from(request.GET.get("year"))
    stations, rows, totals = _table(request, division, year)
    rules = compliance.rules
    rule_headers = [f"{r.rule_id} {r.title}" for r in rules]
    if division.level == Division.Level.CITY:
        headers = [_("District"), _("Stations"), *rule_headers]
        data = [[row.name, int(row.status), *row.cells] for row in rows]
        data.append([_("Total"), len(stations), *totals])
        sheets = [Sheet(_("By district"), headers, data)]
    else:
        headers = [_("Station"), _("Status"), *rule_headers, _("Rules met")]
        data = [[row.name, row.status, *[c.label for c in row.cells], row.met] for row in rows]
        data.append([_("Stations meeting the rule"), "", *totals, ""])
        reasons = [[row.name, r.rule_id, c.label, c.reason] for row in rows for r, c in zip(rules, row.cells,
                                                                                              strict=True)]
        sheets = [Sheet(_("Stations"), headers, data),
                  Sheet(_("Reasons"), [_("Station"), _("Rule"), _("Result"), _("Why")], reasons)]
    filename = f"{division.name}-{year}-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_download(request, filename=filename, sheets=sheets[:1], table=_("report-card table"),
                         target=division, extra_sheets=sheets[1:])
