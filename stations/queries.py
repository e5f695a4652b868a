"""Reads of the stations app, always scoped to the asking user's Principal."""

from django.db.models import Count, Q

from .access import Principal
from .models import Division, RoleAssignment


def visible_stations(p: Principal, *, search: str = "", district: Division | None = None):
    qs = p.stations().select_related("township", "district")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(township__code__startswith=search))
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
