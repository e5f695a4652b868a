"""archives: the management part (R19–R24): the station's written management systems, versioned and approved.

Seams registered here:
- report card "R24" (`check_r24`): which of the five required systems (R19–R23) are missing or not approved for
  the year; a system counts for a year when a version of it was approved by 31 December of that year (an approved
  version stays in force until a newer one is approved, so once approved a system stays approved).
- figure `archives.management_systems`: the number of the five required systems approved by the end of the year.
- to-do: the township officer's "management systems to approve" (submitted versions written by someone else),
  and the author's "sent back" (versions sent back to them).
- navigation: "Management systems" (`archives:rules_home`).
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ningbo_sws.lib.compliance import ComplianceRule, Finding, Status
from ningbo_sws.lib.figures import Figure, Unit
from ningbo_sws.lib.todo import Item, Todo
from stations.models import Role

from .access_management import HOME_ROLES
from .models_management import REQUIRED_KINDS, ManagementSystem, RuleVersion, SystemKind


def year_end(year: int) -> datetime.datetime:
    """The first moment after 31 December of `year`, in the project's time zone (Asia/Shanghai)."""
    return datetime.datetime(year + 1, 1, 1, tzinfo=ZoneInfo(settings.TIME_ZONE))


def system_states(station_ids, *, year: int) -> dict[int, dict[str, bool]]:
    """station id -> required kind -> approved by the end of `year` (True) or on record but not approved (False);
    a kind not on record by then is absent. One query."""
    end = year_end(year)
    rows = (ManagementSystem.objects.filter(station_id__in=list(station_ids), kind__in=REQUIRED_KINDS,
                                            created_at__lt=end)
            .values("station_id", "kind")
            .annotate(approved=Count("versions", filter=Q(versions__approved_at__lt=end))))
    states: dict[int, dict[str, bool]] = {sid: {} for sid in station_ids}
    for row in rows:
        states.setdefault(row["station_id"], {})[row["kind"]] = row["approved"] > 0
    return states


def own_system_counts(station_ids, *, year: int) -> dict[int, int]:
    """station id -> the station's own systems (R24) approved by the end of `year`. One query."""
    end = year_end(year)
    rows = (ManagementSystem.objects.filter(station_id__in=list(station_ids), kind=SystemKind.OWN)
            .annotate(first=Min("versions__approved_at")).filter(first__lt=end)
            .values("station_id").annotate(n=Count("id", distinct=True)))
    return {row["station_id"]: row["n"] for row in rows}


def _names(kinds) -> str:
    return "、".join(str(SystemKind(k).label) for k in kinds)


def check_r24(stations, *, year: int) -> dict[int, Finding]:
    """R19–R24 on the report card: each of the five required systems on record and approved by 31 December of
    `year`. Two queries for any number of stations; the reason names the systems, never people."""
    ids = [s.pk for s in stations]
    states, own = system_states(ids, year=year), own_system_counts(ids, year=year)
    findings = {}
    for sid in ids:
        state = states.get(sid, {})
        missing = [k for k in REQUIRED_KINDS if k not in state]
        unapproved = [k for k in REQUIRED_KINDS if state.get(k) is False]
        problems = []
        if missing:
            problems.append(_("missing: %(systems)s") % {"systems": _names(missing)})
        if unapproved:
            problems.append(_("not approved by 31 December %(year)s: %(systems)s") % {
                "year": year, "systems": _names(unapproved)})
        if problems:
            findings[sid] = Finding(Status.NOT_MET, _("Management systems %(problems)s (R19–R24).") % {
                "problems": "；".join(problems)})
        else:
            findings[sid] = Finding(Status.MET, _(
                "All five required management systems approved; %(own)d of the station's own (R19–R24).") % {
                "own": own.get(sid, 0)})
    return findings


def approved_required(station_ids, *, year: int) -> dict[int, int]:
    """The figure `archives.management_systems`: required systems approved by the end of `year` (0–5)."""
    return {sid: sum(state.values()) for sid, state in system_states(station_ids, year=year).items()}


def _per_station(rows, label, status: str) -> list[Item]:
    return [Item(label % {"station": r["system__station__name"]}, r["n"],
                 f"{reverse('archives:rules_list', args=[r['system__station_id']])}?status={status}")
            for r in rows]


def to_approve(p) -> list[Item]:
    """Township officer: submitted versions at their stations written by someone else (the author never
    approves their own). One query."""
    rows = (RuleVersion.objects.filter(system__station__in=p.stations([Role.TOWNSHIP]),
                                       status=RuleVersion.Status.SUBMITTED)
            .exclude(written_by=p.user)
            .values("system__station_id", "system__station__name").annotate(n=Count("pk"))
            .order_by("system__station__name"))
    return _per_station(rows, _("%(station)s: management systems to approve"), RuleVersion.Status.SUBMITTED)


def sent_back(p) -> list[Item]:
    """Workers and township officers: versions they wrote that were sent back to them. One query."""
    rows = (RuleVersion.objects.filter(system__station__in=p.stations([Role.TOWNSHIP, Role.WORKER]),
                                       status=RuleVersion.Status.RETURNED, written_by=p.user)
            .values("system__station_id", "system__station__name").annotate(n=Count("pk"))
            .order_by("system__station__name"))
    return _per_station(rows, _("%(station)s: management systems sent back to you"), RuleVersion.Status.RETURNED)


RULE = ComplianceRule("R24", gettext_lazy("Management systems"), check_r24, order=240)
FIGURES = [Figure("archives.management_systems", gettext_lazy("Required management systems approved (of 5)"),
                  Unit.COUNT, approved_required, order=600)]
TODOS = [
    Todo("archives.rules_to_approve", frozenset({Role.TOWNSHIP}), to_approve, order=60),
    Todo("archives.rules_sent_back", frozenset({Role.TOWNSHIP, Role.WORKER}), sent_back, order=61),
]


def register():
    """Register this part's seams (called from ArchivesConfig.ready)."""
    from ningbo_sws.lib.compliance import compliance
    from ningbo_sws.lib.figures import figures
    from ningbo_sws.lib.registry import NavItem, shell
    from ningbo_sws.lib.todo import todo

    compliance.register(RULE)
    figures.register_all(FIGURES)
    todo.register_all(TODOS)
    shell.add_nav(NavItem(gettext_lazy("Management systems"), "archives:rules_home", HOME_ROLES, order=55))
