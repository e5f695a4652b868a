"""The records services keeps under the R22 archive categories (issue 10 "Seams", `ningbo_sws.lib.records`).

Each source returns the records of a station and year that the principal may see, as one queryset."""

import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ningbo_sws.lib.records import Category, RecordSource

from . import queries


def cases(p, station, year):
    """Cases open at some time in the year (opened by its end, not closed before its start)."""
    return (queries.visible_cases(p).filter(station=station, opened_on__lte=datetime.date(year, 12, 31))
            .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=datetime.date(year, 1, 1)))
            .select_related("recipient", "worker").order_by("opened_on", "id"))


def groups(p, station, year):
    """Work groups that met in the year, or were set up in it."""
    return (queries.visible_groups(p).filter(station=station)
            .filter(Q(sessions__held_on__year=year) | Q(created_at__year=year)).distinct()
            .select_related("worker").order_by("title", "id"))


def activities(p, station, year):
    return (queries.visible_activities(p).filter(station=station, held_on__year=year)
            .select_related("village").order_by("held_on", "id"))


def visits(p, station, year):
    return (queries.visible_visits(p).filter(station=station, visited_on__year=year)
            .select_related("recipient", "household", "village").order_by("visited_on", "id"))


def recipients(p, station, year):
    """The recipient files of the station (a file is kept, whatever the year)."""
    return queries.visible_recipients(p).filter(station=station).select_related("village").order_by("name", "id")


def surveys(p, station, year):
    return queries.visible_surveys(p).filter(station=station, conducted_on__year=year).order_by("conducted_on", "id")


SOURCES = [
    RecordSource("services.cases", Category.CASEWORK, _("Cases"), cases, order=10),
    RecordSource("services.groups", Category.GROUP_WORK, _("Work groups"), groups, order=20),
    RecordSource("services.activities", Category.COMMUNITY, _("Community activities"), activities, order=30),
    RecordSource("services.visits", Category.VISITS, _("Home and phone visits"), visits, order=40),
    RecordSource("services.recipients", Category.RECIPIENT_FILES, _("Recipient files"), recipients, order=50),
    RecordSource("services.surveys", Category.NEEDS_SURVEYS, _("Needs surveys"), surveys, order=70),
]
