"""Reads of volunteer files and hours (R22, R17.3), scoped to the asking user's Principal. Fixed query counts.

Hours are summed by the database; SQLite sums decimals as floats, so every sum goes through `hours()`.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear

from stations.access import Principal

from .models import Volunteer, VolunteerService
from .queries import visible_volunteers

TENTH = Decimal("0.1")


def hours(value) -> Decimal:
    """A database sum of hours as an exact Decimal to the tenth (0 for none)."""
    return Decimal(str(value or 0)).quantize(TENTH)


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def active_in(year: int) -> Q:
    """Volunteers on the register at some time in the year: joined by its end, not left before its start."""
    start, end = year_bounds(year)
    return Q(joined_on__lte=end) & (Q(left_on__isnull=True) | Q(left_on__gte=start))


def active_at_end(year: int) -> Q:
    """Active on 31 December of the year (today, for the current year: no date lies in the future)."""
    end = year_bounds(year)[1]
    return Q(joined_on__lte=end) & (Q(left_on__isnull=True) | Q(left_on__gt=end))


def station_volunteers(p: Principal, station, *, year: int, search: str = "", skill: str = "", status: str = "",
                       id_hashes: list[str] | None = None):
    """The station's register of volunteers that the user serves, each with their hours and services in `year`."""
    qs = (visible_volunteers(p).filter(station=station).select_related("village")
          .annotate(year_hours=Sum("services__hours", filter=Q(services__served_on__year=year)),
                    year_services=Count("services", filter=Q(services__served_on__year=year))))
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(team__icontains=search) | Q(skills_other__icontains=search))
    if skill:
        qs = qs.filter(skills__icontains=f'"{skill}"')
    if status:
        qs = qs.filter(status=status)
    if id_hashes:
        qs = qs.filter(id_hash__in=id_hashes)
    return qs.order_by("name", "id")


def station_totals(station, *, year: int) -> dict:
    """The station's volunteer figures of the year (counts and hours, no names): two queries."""
    start, end = year_bounds(year)
    people = Volunteer.objects.filter(station=station).aggregate(
        active=Count("id", filter=active_at_end(year)), new=Count("id", filter=Q(joined_on__year=year)),
        left=Count("id", filter=Q(left_on__year=year)))
    served = VolunteerService.objects.filter(station=station, served_on__range=(start, end)).aggregate(
        hours=Sum("hours"), services=Count("id"), volunteers=Count("volunteer", distinct=True))
    return {**people, "hours": hours(served["hours"]), "services": served["services"],
            "serving": served["volunteers"]}


def station_years(station) -> list[dict]:
    """Hours per year of the station, newest first (one query)."""
    rows = (VolunteerService.objects.filter(station=station).annotate(year=ExtractYear("served_on"))
            .values("year").annotate(hours=Sum("hours"), services=Count("id"),
                                     volunteers=Count("volunteer", distinct=True)).order_by("-year"))
    return [{**r, "hours": hours(r["hours"])} for r in rows]


def volunteer_years(volunteer: Volunteer) -> list[dict]:
    """A volunteer's hours per year, newest first (one query)."""
    rows = (volunteer.services.annotate(year=ExtractYear("served_on")).values("year")
            .annotate(hours=Sum("hours"), services=Count("id")).order_by("-year"))
    return [{**r, "hours": hours(r["hours"])} for r in rows]


def volunteer_services(volunteer: Volunteer, *, year: int):
    return (volunteer.services.filter(served_on__year=year)
            .select_related("activity", "session__group", "recorded_by").order_by("-served_on", "-id"))
