"""The records staffing keeps under the R22 archive categories (issue 10 "Seams", `ningbo_sws.lib.records`)."""

from django.utils.translation import gettext_lazy as _

from ningbo_sws.lib.records import Category, RecordSource

from . import queries


def meetings(p, station, year):
    """Meeting minutes of the year (R20)."""
    return queries.visible_meetings(p).filter(station=station, held_on__year=year).order_by("held_on", "id")


SOURCES = [
    RecordSource("staffing.meetings", Category.MEETINGS, _("Meeting minutes"), meetings, order=140),
]
