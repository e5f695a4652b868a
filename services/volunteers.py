"""Volunteers in the seams (issue 10): the figures R17.3's growth is read from, and the R22 volunteer files as a
record source. Registered in `ServicesConfig.ready()`.

Figures are counts and hours only, one query each for any number of stations:
- `services.volunteers`: volunteers active on 31 December of the year (today, in the current year);
- `services.volunteers_new`: volunteers who joined in the year (the growth);
- `services.volunteer_hours`: hours served in the year.
"""

from django.db.models import Count, Sum
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ningbo_sws.lib.figures import Figure, Unit, in_months
from ningbo_sws.lib.records import Category, Entry, RecordSource

from . import queries
from .models import Volunteer, VolunteerService
from .queries_volunteers import active_at_end, active_in, hours


def _counts(queryset) -> dict:
    return dict(queryset.values_list("station_id").annotate(n=Count("id")))


def active_volunteers(station_ids, *, year):
    return _counts(Volunteer.objects.filter(active_at_end(year), station_id__in=station_ids))


def new_volunteers(station_ids, *, year):
    return _counts(Volunteer.objects.filter(station_id__in=station_ids, joined_on__year=year))


def volunteer_hours(station_ids, *, year, months=None):
    """Hours served in the year, or in its `months` (a quarter of R23's disclosure)."""
    rows = (VolunteerService.objects.filter(in_months("served_on", year, months), station_id__in=station_ids)
            .values_list("station_id").annotate(n=Sum("hours")))
    return {station_id: hours(total) for station_id, total in rows}


FIGURES = [
    Figure("services.volunteers", _("Volunteers active at the end of the year"), Unit.PEOPLE, active_volunteers,
           order=360),
    Figure("services.volunteers_new", _("Volunteers who joined in the year"), Unit.PEOPLE, new_volunteers,
           order=361),
    Figure("services.volunteer_hours", _("Volunteer service hours"), Unit.HOURS, volunteer_hours, order=362,
           periodic=True),
]


def volunteer_files(p, station, year):
    """The files of the volunteers on the station's register at some time in the year."""
    return (queries.visible_volunteers(p).filter(active_in(year), station=station).select_related("village")
            .order_by("name", "id"))


def all_volunteer_files(station_ids, year):
    """Every station's volunteer files of the year, for the archive's counts (never shown)."""
    return Volunteer.objects.filter(active_in(year), station_id__in=station_ids)


def describe(volunteer: Volunteer) -> Entry:
    """A volunteer file in the archive: name, joining date, village, skills and team (never the ID number or the
    phone)."""
    words = [volunteer.all_skills(), volunteer.team, volunteer.number]
    if volunteer.status == Volunteer.Status.LEFT:
        words.append(gettext("left on %(day)s") % {"day": volunteer.left_on.isoformat()})
    return Entry(title=gettext("Volunteer file: %(name)s") % {"name": volunteer.name}, date=volunteer.joined_on,
                 village=volunteer.village.name, text=" ".join(w for w in words if w),
                 url=volunteer.get_absolute_url())


SOURCES = [
    RecordSource("services.volunteers", Category.VOLUNTEER_FILES, _("Volunteer files"), volunteer_files, order=60,
                 describe=describe, all_records=all_volunteer_files),
]
