"""Reads of the stations app, always scoped to the asking user's Principal."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from ningbo_sws.lib.normalize import normalize_code, normalize_text

from .access import CONTRACT_POLICY, OPERATOR_VIEWERS, Principal, scoped
from .models import Attachment, Contract, Division, Operator, Role, RoleAssignment, Room


def visible_stations(p: Principal, *, search: str = "", district: Division | None = None, status: str = ""):
    qs = p.stations().select_related("township", "district")
    if status:
        qs = qs.filter(status=status)
    if search:  # typed with full-width or other digits, a code still finds its station (issue 9 item 4)
        qs = qs.filter(Q(name__icontains=normalize_text(search))
                       | Q(township__code__startswith=normalize_code(search)))
    if district is not None:
        qs = qs.filter(district=district)
    return qs.order_by("township__code")


def station_districts(p: Principal) -> list[Division]:
    """The districts in which the user sees stations, for the station list's filter (one query)."""
    return list(Division.objects.filter(level=Division.Level.DISTRICT,
                                        district_stations__in=p.stations()).distinct().order_by("code"))


def district_summary(p: Principal):
    """Per district in the user's view: townships and stations counted (one query)."""
    districts = Division.objects.filter(level=Division.Level.DISTRICT)
    if not p.has_role("city", "auditor"):
        districts = districts.filter(pk__in=p.districts())
    return districts.annotate(
        stations=Count("district_stations", distinct=True),
    ).order_by("code")


def townships_of(division: Division):
    """The townships under a district with their station (or none): one query."""
    return (
        Division.objects.filter(parent=division, level=Division.Level.TOWNSHIP)
        .select_related("station")
        .annotate(villages=Count("children"))
        .order_by("code")
    )


def visible_assignments(p: Principal, *, include_revoked: bool = False, role: str = ""):
    qs = RoleAssignment.objects.filter(p.assignment_filter()).select_related(
        "user", "division", "station", "granted_by"
    )
    if not include_revoked:
        qs = qs.active()
    if role:
        qs = qs.filter(role=role)
    return qs.order_by("-granted_at", "-id")


def operators(*, search: str = ""):
    from .models import Operator

    qs = Operator.objects.select_related("district").annotate(station_count=Count("contracts__station",
                                                                                  distinct=True))
    if search:
        qs = qs.filter(Q(name__icontains=normalize_text(search))
                       | Q(credit_code__startswith=normalize_code(search)))
    return qs.order_by("name", "pk")


def contracts_ending(p: Principal, *, days: int | None = None):
    """R15: contracts of the user's stations that end within the next 60 days (and have not ended)."""
    from .facilities import CONTRACT_ENDING_DAYS, Contract

    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=days if days is not None else CONTRACT_ENDING_DAYS)
    return (
        Contract.objects.filter(station__in=p.stations(), ends_on__gte=today, ends_on__lte=horizon)
        .select_related("station", "operator")
        .order_by("ends_on", "pk")
    )


def report_stations(stations_qs):
    """Stations ready for the report card's rules: the names the rules print are loaded with them."""
    return list(stations_qs.select_related("township__parent", "district").order_by("township__code"))


# --- every object kind, scoped to the principal (issue 10): the list counterparts of the gates ------------------
def visible_rooms(p: Principal):
    return scoped(Room.objects.all(), p)


def visible_contracts(p: Principal):
    return scoped(Contract.objects.all(), p, policy=CONTRACT_POLICY)


def visible_attachments(p: Principal):
    """Photos as their station, signed contracts as contracts (the file gate's rule)."""
    contracts = Q(purpose=Attachment.Purpose.CONTRACT)
    return (scoped(Attachment.objects.exclude(contracts), p)
            | scoped(Attachment.objects.filter(contracts), p, policy=CONTRACT_POLICY))


def visible_operators(p: Principal):
    return Operator.objects.all() if p.has_role(*OPERATOR_VIEWERS) else Operator.objects.none()


@dataclass(frozen=True)
class AccessChange:
    """A role granted or revoked, or a supervisor or assessor assigned or unassigned, at a station."""

    when: datetime.datetime
    granted: bool
    whom: object
    role: str
    scope: str
    who: object
    reason: str


GRANTS_PANEL_DAYS = 30


def recent_access_changes(p: Principal, *, days: int = GRANTS_PANEL_DAYS, limit: int = 20) -> list[AccessChange]:
    """Issue 9 item 1: every grant and revoke at the township officer's stations in the last `days` — roles at
    the station, liaisons of its villages, supervisors and assessors assigned to it. Two queries."""
    from .models import STATION_GRANTS, StationUserObjectPermission

    stations = [a.station for a in p.held("township")]
    if not stations:
        return []
    since = timezone.now() - datetime.timedelta(days=days)
    station_ids = [s.pk for s in stations]
    township_ids = [s.township_id for s in stations]
    roles = RoleAssignment.history.model.objects.filter(
        Q(station_id__in=station_ids) | Q(division__township_id__in=township_ids), history_date__gte=since,
    ).filter(Q(history_type="+") | Q(history_type="~", revoked_at__isnull=False)).select_related(
        "user", "history_user", "division", "station").order_by("-history_date")[:limit]
    changes = [AccessChange(r.history_date, r.history_type == "+", r.user, r.get_role_display(),
                            str(r.station or r.division), r.history_user, r.history_change_reason or "")
               for r in roles]
    role_of = {codename: Role(role).label for role, codename in STATION_GRANTS.items()}
    grants = StationUserObjectPermission.history.model.objects.filter(
        content_object_id__in=station_ids, history_type__in=("+", "-"), history_date__gte=since,
        permission__codename__in=role_of,
    ).select_related("user", "history_user", "permission", "content_object").order_by("-history_date")[:limit]
    changes += [AccessChange(g.history_date, g.history_type == "+", g.user, str(role_of[g.permission.codename]),
                             str(g.content_object), g.history_user, g.history_change_reason or "")
                for g in grants]
    return sorted(changes, key=lambda c: c.when, reverse=True)[:limit]
