"""The records staffing keeps under the R22 archive categories (issue 10 "Seams", `ningbo_sws.lib.records`)."""

from django.utils.translation import gettext_lazy as _

from ningbo_sws.lib.records import Category, Entry, RecordSource, stored_files, words

from . import queries
from .models import Meeting


def meetings(p, station, year):
    """Meeting minutes of the year (R20), with their attachments (the files of the archive)."""
    return (queries.visible_meetings(p).filter(station=station, held_on__year=year)
            .prefetch_related("attachments").order_by("held_on", "id"))


def all_meetings(station_ids, year):
    """Every meeting of the stations in the year (counted for R22's completeness, never shown)."""
    return Meeting.objects.filter(station_id__in=station_ids, held_on__year=year)


def describe_meeting(meeting) -> Entry:
    attachments = meeting.attachments.all()
    return Entry(title=meeting.title, date=meeting.held_on,
                 text=words(meeting.title, meeting.policies_read, meeting.cases_discussed,
                            meeting.problems_and_decisions, meeting.training_given, meeting.minutes,
                            *(a.original_name for a in attachments)),
                 url=meeting.get_absolute_url(), files=stored_files(attachments))


SOURCES = [
    RecordSource("staffing.meetings", Category.MEETINGS, _("Meeting minutes"), meetings, order=140,
                 describe=describe_meeting, all_records=all_meetings),
]
