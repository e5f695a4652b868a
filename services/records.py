"""The records services keeps under the R22 archive categories (issue 10 "Seams", `ningbo_sws.lib.records`).

Each source returns the records of a station and year that the principal may see, as one queryset that already
joins what its `describe` reads (no query per record). The words a record is found by hold names and what was
written, never an ID number, a phone or an address."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ningbo_sws.lib.records import Category, Entry, RecordSource, words
from ningbo_sws.lib.words import join_list, user_name

from . import queries
from .models import Case, CommunityActivity, NeedsSurvey, Recipient, Visit, WorkGroup


def _cases_in(queryset, year):
    """Cases open at some time in the year (opened by its end, not closed before its start)."""
    return (queryset.filter(opened_on__lte=datetime.date(year, 12, 31))
            .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=datetime.date(year, 1, 1))))


def cases(p, station, year):
    return (_cases_in(queries.visible_cases(p).filter(station=station), year)
            .select_related("recipient__village", "worker", "project").order_by("opened_on", "id"))


def _groups_in(queryset, year):
    """Work groups that met in the year, or were set up in it."""
    return queryset.filter(Q(sessions__held_on__year=year) | Q(created_at__year=year)).distinct()


def groups(p, station, year):
    return (_groups_in(queries.visible_groups(p).filter(station=station), year)
            .select_related("worker", "project").order_by("title", "id"))


def activities(p, station, year):
    return (queries.visible_activities(p).filter(station=station, held_on__year=year)
            .select_related("village", "project").order_by("held_on", "id"))


def visits(p, station, year):
    return (queries.visible_visits(p).filter(station=station, visited_on__year=year)
            .select_related("recipient", "household", "village", "visitor").order_by("visited_on", "id"))


def recipients(p, station, year):
    """The recipient files of the station (a file is kept, whatever the year)."""
    return queries.visible_recipients(p).filter(station=station).select_related("village").order_by("name", "id")


def surveys(p, station, year):
    return queries.visible_surveys(p).filter(station=station, conducted_on__year=year).order_by("conducted_on", "id")


# Every record of the stations in the year, whoever asks: counted for the completeness of R22, never shown.
def all_cases(station_ids, year):
    return _cases_in(Case.objects.filter(station_id__in=station_ids), year)


def all_groups(station_ids, year):
    return _groups_in(WorkGroup.objects.filter(station_id__in=station_ids), year)


def all_activities(station_ids, year):
    return CommunityActivity.objects.filter(station_id__in=station_ids, held_on__year=year)


def all_visits(station_ids, year):
    return Visit.objects.filter(station_id__in=station_ids, visited_on__year=year)


def all_recipients(station_ids, year):
    return Recipient.objects.filter(station_id__in=station_ids)


def all_surveys(station_ids, year):
    return NeedsSurvey.objects.filter(station_id__in=station_ids, conducted_on__year=year)


def _name(user) -> str:
    return user_name(user) if user else ""


def _day(moment) -> datetime.date | None:
    return timezone.localtime(moment).date() if moment else None


def describe_case(case) -> Entry:
    recipient = case.recipient
    return Entry(
        title=gettext("Case %(number)s: %(name)s") % {"number": case.pk, "name": recipient.name},
        date=case.opened_on, village=recipient.village.name,
        text=words(recipient.name, case.project.title, case.get_state_display(), _name(case.worker), case.problem,
                   case.assessment, case.plan_goals, case.evaluation, case.referred_to),
        url=case.get_absolute_url())


def describe_group(group) -> Entry:
    return Entry(title=group.title, date=_day(group.created_at),
                 text=words(group.title, group.project.title, group.get_state_display(), _name(group.worker),
                            group.goals, group.plan, group.evaluation),
                 url=group.get_absolute_url())


def describe_activity(activity) -> Entry:
    return Entry(title=activity.title, date=activity.held_on,
                 village=activity.village.name if activity.village_id else "",
                 text=words(activity.title, activity.project.title, activity.place, activity.plan,
                            activity.evaluation),
                 url=activity.get_absolute_url())


def describe_visit(visit) -> Entry:
    visited = visit.recipient or visit.household
    return Entry(
        title=gettext("%(kind)s: %(who)s") % {"kind": visit.get_kind_display(), "who": visited},
        date=visit.visited_on, village=visit.village.name,
        text=words(str(visited), visit.get_kind_display(), _name(visit.visitor), visit.findings, visit.needs),
        url=visited.get_absolute_url())


def describe_recipient(recipient) -> Entry:
    return Entry(title=recipient.name, date=_day(recipient.created_at), village=recipient.village.name,
                 text=words(recipient.name, join_list(recipient.group_labels()), recipient.get_status_display()),
                 url=recipient.get_absolute_url())


def describe_survey(survey) -> Entry:
    return Entry(title=survey.title, date=survey.conducted_on,
                 text=words(survey.title, survey.get_method_display(), survey.findings),
                 url=survey.get_absolute_url())


SOURCES = [
    RecordSource("services.cases", Category.CASEWORK, _("Cases"), cases, order=10,
                 describe=describe_case,
                 all_records=all_cases),
    RecordSource("services.groups", Category.GROUP_WORK, _("Work groups"), groups, order=20,
                 describe=describe_group,
                 all_records=all_groups),
    RecordSource("services.activities", Category.COMMUNITY, _("Community activities"), activities, order=30,
                 describe=describe_activity,
                 all_records=all_activities),
    RecordSource("services.visits", Category.VISITS, _("Home and phone visits"), visits, order=40,
                 describe=describe_visit,
                 all_records=all_visits),
    RecordSource("services.recipients", Category.RECIPIENT_FILES, _("Recipient files"), recipients, order=50,
                 describe=describe_recipient,
                 all_records=all_recipients),
    RecordSource("services.surveys", Category.NEEDS_SURVEYS, _("Needs surveys"), surveys, order=70,
                 describe=describe_survey,
                 all_records=all_surveys),
]
