"""Reads of the stations app, always scoped to the asking user's Principal."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from ningbo_sws.lib.normalize import normalize_code, normalize_text

from .access import CONTRACT_POLICY, OPERATOR_VIEWERS, Principal, scoped
from .models import Attachment, Contract, Division, Operator, RoleAssignment, Room


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
