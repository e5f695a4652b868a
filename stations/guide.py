"""Guard rails of the station's set-up (issue 13 item 3): what still fails on the report card before a submission,
and the steps from 筹建中 (planning) to 运营中 (operating) with what is done, for the station page.

Both read the report card through the compliance seam (`ningbo_sws.lib.compliance`), never the apps that
registered the rules; each failing rule carries the page where it is fixed (`ComplianceRule.fix_url`)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy

from ningbo_sws.lib.compliance import Finding, Status, compliance, current_year

from .models import Station, StationStatus
from .queries import report_stations


@dataclass(frozen=True)
class Failing:
    rule_id: str
    title: str
    finding: Finding
    url: str


def failing_rules(station: Station, *, year: int | None = None) -> list[Failing]:
    """The rules of the year's report card the station does not meet (not met or not recorded), in card order."""
    year = year or current_year()
    stations = report_stations(Station.objects.filter(pk=station.pk))
    findings = compliance.evaluate(stations, year=year)[station.pk]
    return [Failing(r.rule_id, str(r.title), findings[r.rule_id], r.link(station, year=year))
            for r in compliance.rules if findings[r.rule_id].status != Status.MET]


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    done: bool
    url: str = ""  # where the step is taken, for those who may take it
    who: str = ""  # who takes it, as a sentence


# Statuses at or past each lifecycle step (a suspended or closed station went through all of them).
_PAST_SUBMIT = {StationStatus.SUBMITTED, StationStatus.APPROVED, StationStatus.OPERATING, StationStatus.SUSPENDED,
                StationStatus.CLOSED}
_PAST_APPROVE = _PAST_SUBMIT - {StationStatus.SUBMITTED}
_PAST_OPEN = _PAST_APPROVE - {StationStatus.APPROVED}


def opening_steps(station: Station, *, rooms) -> list[Step]:
    """From 筹建中 to 运营中: what the submission needs (R8, R11, R9: `Station.submission_gaps`), the township's
    submission, the district's approval, the opening. `rooms` is the station's rooms already loaded by the page
    (no query here)."""
    # Set-up steps point to their section of the station page (its buttons go on); the moves to the lifecycle
    # page, named by `?step=` so that the page's own buttons keep their unique addresses.
    lifecycle = reverse("station_lifecycle", args=[station.pk])
    setup = "#setup"
    township = str(gettext_lazy("Taken by the township officer."))
    district = str(gettext_lazy("Taken by the district officer."))
    return [
        Step("site", str(gettext_lazy("Record the site basis (R8).")), bool(station.site_basis), setup, township),
        Step("mode", str(gettext_lazy("Record the operation mode (R11).")), bool(station.operation_mode), setup,
             township),
        Step("rooms", str(gettext_lazy("Record at least one room (R9).")), bool(rooms),
             "#rooms", township),
        Step("submit", str(gettext_lazy("Submit the station to the district for approval.")),
             station.status in _PAST_SUBMIT, f"{lifecycle}?step=submit", township),
        Step("approve", str(gettext_lazy("The district approves the station (or returns it for rework).")),
             station.status in _PAST_APPROVE, f"{lifecycle}?step=approve", district),
        Step("open", str(gettext_lazy("Start operating.")), station.status in _PAST_OPEN, f"{lifecycle}?step=open",
             str(gettext_lazy("Taken by the township officer or the district officer."))),
    ]
