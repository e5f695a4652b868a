"""archives: the management systems part (R19–R24): the station's written management systems, versioned and
approved (this module registers the seams; models, views and actions are in the `*_management` modules).

Seams registered here:
- report card "R24" (`check_r24`): which of the five required systems (R19–R23) are missing or not approved for
  the year; a system counts for a year when a version of it was approved by 31 December of that year (an approved
  version stays in force until a newer one is approved, so once approved a system stays approved).
- figure `archives.management_systems`: the number of the five required systems approved by the end of the year.
- to-do `archives.rules` (one query): the township officer's "management systems to approve" (submitted versions
  written by someone else), and the author's "sent back to you" (versions sent back to them).
- navigation: "Management systems" (`archives:rules_home`).
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ningbo_sws.lib.compliance import ComplianceRule, Finding, Status
from ningbo_sws.lib.figures import Figure, Unit
from ningbo_sws.lib.todo import Item, Todo
from ningbo_sws.lib.words import join_clauses, join_list
from stations.models import Role

from .access_management import HOME_ROLES
from .models_management import REQUIRED_KINDS, ManagementSystem, RuleVersion, SystemKind


def year_end(year: int) -> datetime.datetime:
    """The first moment after 31 December of `year`, in the project's time zone (Asia/Shanghai)."""
    return datetime.datetime(year + 1, 1, 1, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _rows(station_ids, *, year: int):
    """(station id, kind, systems of that kind approved by the end of `year`) of the systems on record by then.
    One query."""
    end = year_end(year)
    return (ManagementSystem.objects.filter(station_id__in=list(station_ids), created_at__lt=end)
            .values_list("station_id", "kind")
            .annotate(approved=Count("id", distinct=True, filter=Q(versions__approved_at__lt=end))))


def _states(rows, station_ids) -> tuple[dict[int, dict[str, bool]], dict[int, int]]:
    states: dict[int, dict[str, bool]] = {sid: {} for sid in station_ids}
    own: dict[int, int] = {}
    for station_id, kind, approved in rows:
        if kind == SystemKind.OWN:
            own[station_id] = approved
        else:
            states.setdefault(station_id, {})[kind] = approved > 0
    return states, own


def system_states(station_ids, *, year: int) -> dict[int, dict[str, bool]]:
    """station id -> required kind -> approved by the end of `year` (True) or on record but not approved (False);
    a kind not on record by then is absent. One query."""
    station_ids = list(station_ids)
    return _states(_rows(station_ids, year=year), station_ids)[0]


def _names(kinds) -> str:
    return join_list(str(SystemKind(k).label) for k in kinds)


def check_r24(stations, *, year: int) -> dict[int, Finding]:
    """R19–R24 on the report card: each of the five required systems on record and approved by 31 December of
    `year`. One query for any number of stations; the reason names the systems, never people."""
    ids = [s.pk for s in stations]
    states, own = _states(_rows(ids, year=year), ids)
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
                "problems": join_clauses(problems)})
        else:
            findings[sid] = Finding(Status.MET, _(
                "All five required management systems approved; %(own)d of the station's own (R19–R24).") % {
                "own": own.get(sid, 0)})
    return findings


def approved_required(station_ids, *, year: int) -> dict[int, int]:
    """The figure `archives.management_systems`: required systems approved by the end of `year` (0–5)."""
    return {sid: sum(state.values()) for sid, state in system_states(station_ids, year=year).items()}


LABELS = {
    RuleVersion.Status.SUBMITTED: gettext_lazy("%(station)s: management systems to approve"),
    RuleVersion.Status.RETURNED: gettext_lazy("%(station)s: management systems sent back to you"),
}


def waiting(p) -> list[Item]:
    """What waits in one query: for the township officer, submitted versions at their stations written by
    someone else (the author never approves their own); for the author (worker or township officer), versions
    they wrote that were sent back to them."""
    status = RuleVersion.Status
    submitted = Q(status=status.SUBMITTED, system__station__in=p.stations([Role.TOWNSHIP])) & ~Q(written_by=p.user)
    returned = Q(status=status.RETURNED, written_by=p.user,
                 system__station__in=p.stations([Role.TOWNSHIP, Role.WORKER]))
    rows = (RuleVersion.objects.filter(submitted | returned)
            .values("system__station_id", "system__station__name", "status").annotate(n=Count("pk"))
            .order_by("status", "system__station__name"))
    return [Item(str(LABELS[r["status"]]) % {"station": r["system__station__name"]}, r["n"],
                 f"{reverse('archives:rules_list', args=[r['system__station_id']])}?status={r['status']}")
            for r in rows]


def fix_r24(station, *, year) -> str:
    """The station's management systems, where one is written and approved (issue 13 item 3)."""
    return reverse("archives:rules_list", args=[station.pk])


RULE = ComplianceRule("R24", gettext_lazy("Management systems"), check_r24, order=240, fix_url=fix_r24)
FIGURES = [Figure("archives.management_systems", gettext_lazy("Required management systems approved (of 5)"),
                  Unit.COUNT, approved_required, order=600)]
TODOS = [Todo("archives.rules", frozenset({Role.TOWNSHIP, Role.WORKER}), waiting, order=60)]


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
