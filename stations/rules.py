"""The report card's rules for how a station is built and run: R8, R9.1–R9.5, R10, R11, R15.

Each check takes a list of stations and the year, `check(stations, *, year)`; contracts are read on
`as_of(year)` (today in the current year), rooms and plate as recorded. It answers for all of them in a fixed
number of queries: the rooms, the plate photos and the contracts are prefetched once onto the station objects
(`prefetch_related_objects` skips what is already there, so the rules share the same prefetch). Registered in
`StationsConfig.ready()`.
"""

import datetime
from decimal import Decimal

from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ningbo_sws.lib.compliance import ComplianceRule, Finding, Status, as_of, compliance
from ningbo_sws.lib.figures import figures
from ningbo_sws.lib.regulation import rule_reference
from ningbo_sws.lib.words import join_clauses, join_list

from .facilities import CONTRACT_ENDING_DAYS, OFFICE_M2_PER_WORKER, ROOM_RULES, Attachment, Contract, RoomType
from .models import OperationMode, SiteBasis

MET, NOT_MET, NOT_RECORDED = Status.MET, Status.NOT_MET, Status.NOT_RECORDED


def _prefetch(stations) -> None:
    prefetch_related_objects(
        stations,
        "rooms",
        Prefetch("attachments", queryset=Attachment.objects.filter(purpose=Attachment.Purpose.PLATE_PHOTO),
                 to_attr="plate_photos"),
        Prefetch("contracts", queryset=Contract.objects.select_related("operator").order_by("-starts_on"),
                 to_attr="all_contracts"),
    )


def _m2(value: Decimal) -> str:
    return f"{value.normalize():f}"


def current_contract(station, today: datetime.date):
    return next((c for c in station.all_contracts if c.covers(today)), None)


# --- R8 ---------------------------------------------------------------------------------------------------------
def check_site(stations, *, year: int) -> dict:
    """R8: the site is built on a township social-organisation service centre or a community work station."""
    findings = {}
    for s in stations:
        if not s.site_basis:
            findings[s.pk] = Finding(NOT_RECORDED, _("The site basis is not recorded (R8)."))
        elif s.site_basis == SiteBasis.OTHER:
            findings[s.pk] = Finding(NOT_MET, _("The site is on neither a social-organisation service centre nor a "
                                                "community work station (R8)."))
        elif not s.address:
            findings[s.pk] = Finding(NOT_MET, _("The site's address is not recorded (R8)."))
        else:
            findings[s.pk] = Finding(MET, _("Built on: %(basis)s (R8).") % {"basis": s.get_site_basis_display()})
    return findings


# --- R9 ---------------------------------------------------------------------------------------------------------
def _rooms_serving(station, room_type) -> list:
    return [r for r in station.rooms.all() if room_type in r.functions]


def _equipment_missing(room, names) -> list[str]:
    return [str(room._meta.get_field(name).verbose_name) for name in names if not getattr(room, name)]


def _check_room_type(room_type):
    rule_id, minimum, equipment = ROOM_RULES[room_type]
    label = RoomType(room_type).label

    def check(stations, *, year: int) -> dict:
        _prefetch(stations)
        findings = {}
        rule = rule_reference(rule_id)
        for s in stations:
            if not s.rooms.all():
                findings[s.pk] = Finding(NOT_RECORDED, _("No rooms are recorded (R9)."))
                continue
            rooms = _rooms_serving(s, room_type)
            if not rooms:
                findings[s.pk] = Finding(NOT_MET, _("No %(room)s (%(rule)s).") % {"room": label, "rule": rule})
                continue
            best = max(rooms, key=lambda r: (not _equipment_missing(r, equipment), r.area))
            if best.area < minimum:
                findings[s.pk] = Finding(NOT_MET, _("%(room)s %(area)s m², less than %(min)s m² (%(rule)s).") % {
                    "room": capfirst(label), "area": _m2(best.area), "min": _m2(minimum), "rule": rule})
                continue
            missing = _equipment_missing(best, equipment)
            if missing:
                findings[s.pk] = Finding(NOT_MET, _("%(room)s lacks %(missing)s (%(rule)s).") % {
                    "room": capfirst(label), "missing": join_list(missing), "rule": rule})
                continue
            findings[s.pk] = Finding(MET, _("%(room)s %(area)s m², equipped (%(rule)s).") % {
                "room": capfirst(label), "area": _m2(best.area), "rule": rule})
        return findings

    return check


HEADCOUNT = "staffing.social_workers"  # the figure staffing registers (ningbo_sws.lib.figures)


def headcounts(stations, *, year: int) -> dict[int, int | None]:
    """Social workers on staff per station (R9.1): staffing's figure of the people on record, and the recorded
    figure for a station that has not entered its staff yet (staffing counts nobody there)."""
    counted = figures.compute(HEADCOUNT, [s.pk for s in stations], year=year)
    return {s.pk: counted.get(s.pk) or s.recorded_headcount for s in stations}


def check_office(stations, *, year: int) -> dict:
    """R9.1: the social-worker office has at least 5 m² per social worker on staff, and office equipment."""
    _prefetch(stations)
    counts = headcounts(stations, year=year)
    findings = {}
    for s in stations:
        if not s.rooms.all():
            findings[s.pk] = Finding(NOT_RECORDED, _("No rooms are recorded (R9)."))
            continue
        offices = _rooms_serving(s, RoomType.OFFICE)
        if not offices:
            findings[s.pk] = Finding(NOT_MET, _("No social-worker office (R9.1)."))
            continue
        headcount = counts.get(s.pk)
        if not headcount:  # none recorded, or no social worker on staff: 5 m² per head cannot be judged
            findings[s.pk] = Finding(NOT_RECORDED, _("The number of social workers is not recorded (R9.1)."))
            continue
        area = sum((r.area for r in offices), Decimal(0))
        needed = OFFICE_M2_PER_WORKER * headcount
        if area < needed:
            findings[s.pk] = Finding(NOT_MET, _(
                "Office %(area)s m² for %(count)s social workers, less than %(needed)s m² (R9.1).") % {
                "area": _m2(area), "count": headcount, "needed": _m2(needed)})
            continue
        if not any(r.office_equipment for r in offices):
            findings[s.pk] = Finding(NOT_MET, _("The office lacks office equipment (R9.1)."))
            continue
        findings[s.pk] = Finding(MET, _("Office %(area)s m² for %(count)s social workers (R9.1).") % {
            "area": _m2(area), "count": headcount})
    return findings


# --- R10 --------------------------------------------------------------------------------------------------------
def check_plate(stations, *, year: int) -> dict:
    """R10: the plate bears the standard name, is hung, the Ningbo social work logo is used; a photo shows it."""
    _prefetch(stations)
    findings = {}
    for s in stations:
        if not s.plate_name:
            findings[s.pk] = Finding(NOT_RECORDED, _("The name plate is not recorded (R10)."))
            continue
        problems = []
        if s.plate_name != s.standard_name:
            problems.append(_("the plate reads “%(plate)s”, not “%(standard)s”") % {
                "plate": s.plate_name, "standard": s.standard_name})
        if not s.plate_hung:
            problems.append(_("the plate is not hung"))
        if not s.logo_used:
            problems.append(_("the logo is not used"))
        if not s.plate_photos:
            problems.append(_("no photo of the plate"))
        if problems:
            findings[s.pk] = Finding(NOT_MET, _("The name plate falls short of the regulation (R10): %(problems)s.")
                                     % {"problems": join_clauses(problems)})
        else:
            findings[s.pk] = Finding(MET, _("The plate with the standard name and the logo is hung (R10)."))
    return findings


# --- R11 --------------------------------------------------------------------------------------------------------
def check_mode(stations, *, year: int) -> dict:
    """R11: services purchased from an operator (who must be under contract now), or posts hired directly."""
    _prefetch(stations)
    today = as_of(year)
    findings = {}
    for s in stations:
        if not s.operation_mode:
            findings[s.pk] = Finding(NOT_RECORDED, _("The operation mode is not recorded (R11)."))
        elif s.operation_mode == OperationMode.DIRECT:
            findings[s.pk] = Finding(MET, _("Social-work posts hired directly (R11)."))
        else:
            contract = current_contract(s, today)
            if contract is None or contract.operator is None:
                findings[s.pk] = Finding(NOT_MET, _("Services are purchased, but no operator is under contract "
                                                    "now (R11)."))
            else:
                findings[s.pk] = Finding(MET, _("Services purchased from %(operator)s (R11).") % {
                    "operator": contract.operator.name})
    return findings


# --- R15 --------------------------------------------------------------------------------------------------------
def check_contract(stations, *, year: int) -> dict:
    """R15: the current contract states all seven parts; a contract ending within 60 days is pointed out."""
    _prefetch(stations)
    today = as_of(year)
    findings = {}
    for s in stations:
        contract = current_contract(s, today)
        if contract is None:
            if s.all_contracts or s.operation_mode:
                findings[s.pk] = Finding(NOT_MET, _("No contract covers today (R15)."))
            else:
                findings[s.pk] = Finding(NOT_RECORDED, _("No contract is recorded (R15)."))
            continue
        if contract.missing_parts:
            findings[s.pk] = Finding(NOT_MET, _("The contract lacks %(missing)s (R15).") % {
                "missing": join_list(contract.missing_parts)})
            continue
        days = (contract.ends_on - today).days
        if days <= CONTRACT_ENDING_DAYS:
            findings[s.pk] = Finding(MET, _("Complete; it ends on %(end)s, in %(days)s days (R15).") % {
                "end": f"{contract.ends_on:%Y-%m-%d}", "days": days})
        else:
            findings[s.pk] = Finding(MET, _("Complete, until %(end)s (R15).") % {"end": f"{contract.ends_on:%Y-%m-%d}"})
    return findings


def _page(name):
    """fix_url of a rule fixed on one of this app's station pages (issue 13 item 3)."""
    return lambda station, *, year: reverse(name, args=[station.pk])


RULES = [
    ComplianceRule("R8", gettext_lazy("Site basis"), check_site, order=80, fix_url=_page("station_setup")),
    ComplianceRule("R9.1", gettext_lazy("Social-worker office"), check_office, order=91, fix_url=_page("room_new")),
    ComplianceRule("R9.2", gettext_lazy("Case room"), _check_room_type(RoomType.CASE), order=92,
                   fix_url=_page("room_new")),
    ComplianceRule("R9.3", gettext_lazy("Group activity room"), _check_room_type(RoomType.GROUP), order=93,
                   fix_url=_page("room_new")),
    ComplianceRule("R9.4", gettext_lazy("Multi-function room"), _check_room_type(RoomType.MULTI), order=94,
                   fix_url=_page("room_new")),
    ComplianceRule("R9.5", gettext_lazy("Archive room"), _check_room_type(RoomType.ARCHIVE), order=95,
                   fix_url=_page("room_new")),
    ComplianceRule("R10", gettext_lazy("Name plate and logo"), check_plate, order=100, fix_url=_page("station_plate")),
    ComplianceRule("R11", gettext_lazy("Operation mode"), check_mode, order=110, fix_url=_page("station_setup")),
    ComplianceRule("R15", gettext_lazy("Contract"), check_contract, order=150, fix_url=_page("contract_new")),
]


def register() -> None:
    compliance.register_all(RULES)
