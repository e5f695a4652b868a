"""The figures services knows about a station in a year (issue 10 "Seams", `ningbo_sws.lib.figures`).

Counts only, never names. One query per figure, whatever the number of stations."""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from ningbo_sws.lib.compliance import current_year
from ningbo_sws.lib.figures import Figure, Unit, in_months

from .models import (
    Case,
    CommunityActivity,
    GroupSession,
    NeedsSurvey,
    Project,
    Recipient,
    ServiceKind,
    ServiceRecord,
    Visit,
    today,
)

# R18: a closed case went through the professional process when assessment, plan and evaluation are on record.
FULL_PROCESS = (~Q(assessment="") & ~Q(plan_goals="") & ~Q(plan_interventions="") & ~Q(goals_met="")
                & ~Q(evaluation=""))


def _by_station(queryset, station_field="station_id", **aggregate):
    (name, expression), = aggregate.items()
    rows = queryset.values(station_field).annotate(**{name: expression})
    return {r[station_field]: r[name] or 0 for r in rows}


def people_served(station_ids, *, year, months=None):
    """People served (distinct recipients with a service record in the year, or its `months`, R4)."""
    return _by_station(ServiceRecord.objects.filter(in_months("served_on", year, months), station_id__in=station_ids),
                       n=Count("recipient", distinct=True))


def service_times(station_ids, *, year, months=None, kind=None):
    """Service times (人次): service records in the year (or its `months`), of one R4 kind when given."""
    more = {"kind": kind} if kind else {}
    return _by_station(ServiceRecord.objects.filter(in_months("served_on", year, months), station_id__in=station_ids,
                                                    **more), n=Count("id"))


def _service_times_of(kind):
    def compute(station_ids, *, year, months=None):
        return service_times(station_ids, year=year, months=months, kind=kind)

    return compute


def projects(station_ids, *, year):
    """Service projects of the year under "1+X+1" (R17), cancelled ones left out."""
    return _by_station(Project.objects.filter(station_id__in=station_ids, year=year)
                       .exclude(status=Project.Status.CANCELLED), n=Count("id"))


def visits(station_ids, *, year, months=None):
    """Home and phone visits in the year or its `months` (R17)."""
    return _by_station(Visit.objects.filter(in_months("visited_on", year, months), station_id__in=station_ids),
                       n=Count("id"))


def key_group_visited_on_time(station_ids, *, year):
    """Active key-group recipients whose next visit is not overdue (R17). The register keeps the due date of
    today only, so this figure exists for the current year alone."""
    if year != current_year():
        return {}
    return _by_station(Recipient.objects.filter(station_id__in=station_ids, key_group=True,
                                                status=Recipient.Status.ACTIVE, next_visit_due__gte=today()),
                       n=Count("id"))


def key_group(station_ids, *, year):
    """Active key-group recipients (as recorded now)."""
    return _by_station(Recipient.objects.filter(station_id__in=station_ids, key_group=True,
                                                status=Recipient.Status.ACTIVE), n=Count("id"))


def cases_closed(station_ids, *, year):
    return _by_station(Case.objects.filter(station_id__in=station_ids, state=Case.State.CLOSED,
                                           closed_on__year=year), n=Count("id"))


def cases_full_process(station_ids, *, year):
    """Cases closed in the year with assessment, plan and evaluation on record (R18)."""
    return _by_station(Case.objects.filter(FULL_PROCESS, station_id__in=station_ids, state=Case.State.CLOSED,
                                           closed_on__year=year), n=Count("id"))


def groups(station_ids, *, year):
    """Work groups that met in the year (R18)."""
    return _by_station(GroupSession.objects.filter(group__station_id__in=station_ids, held_on__year=year),
                       "group__station_id", n=Count("group", distinct=True))


def group_sessions(station_ids, *, year, months=None):
    return _by_station(GroupSession.objects.filter(in_months("held_on", year, months),
                                                   group__station_id__in=station_ids),
                       "group__station_id", n=Count("id"))


def activities(station_ids, *, year, months=None):
    """Community activities held in the year or its `months`."""
    return _by_station(CommunityActivity.objects.filter(in_months("held_on", year, months),
                                                        station_id__in=station_ids), n=Count("id"))


def activity_participants(station_ids, *, year, months=None):
    return _by_station(CommunityActivity.objects.filter(in_months("held_on", year, months),
                                                        station_id__in=station_ids), n=Sum("participants"))


def surveys(station_ids, *, year):
    """Needs surveys conducted in the year (R17 field research)."""
    return _by_station(NeedsSurvey.objects.filter(station_id__in=station_ids, conducted_on__year=year),
                       n=Count("id"))


def full_process_share(station_ids, *, year):
    closed, full = cases_closed(station_ids, year=year), cases_full_process(station_ids, year=year)
    return {sid: (Decimal(100 * full.get(sid, 0)) / n).quantize(Decimal("0.1")) for sid, n in closed.items() if n}


FIGURES = [
    Figure("services.people_served", _("People served"), Unit.PEOPLE, people_served, order=300, periodic=True),
    Figure("services.service_times", _("Service times"), Unit.TIMES, service_times, order=301, periodic=True),
    # R23: service times by R4 kind, for the disclosure reports
    *(Figure(f"services.service_times.{kind.value}", kind.label, Unit.TIMES, _service_times_of(kind.value),
             order=302, periodic=True) for kind in ServiceKind),
    Figure("services.projects", _("Service projects"), Unit.COUNT, projects, order=305),
    Figure("services.visits", _("Home and phone visits"), Unit.COUNT, visits, order=310, periodic=True),
    Figure("services.key_group", _("Key-group recipients"), Unit.PEOPLE, key_group, order=311),
    Figure("services.key_group_visited_on_time", _("Key-group recipients visited on time"), Unit.PEOPLE,
           key_group_visited_on_time, order=312),
    Figure("services.cases_closed", _("Cases closed"), Unit.COUNT, cases_closed, order=320),
    Figure("services.cases_full_process", _("Closed cases with the full professional process (R18)"), Unit.COUNT,
           cases_full_process, order=321),
    Figure("services.cases_full_process_share", _("Share of closed cases with the full professional process"),
           Unit.PERCENT, full_process_share, order=322),
    Figure("services.groups", _("Work groups that met"), Unit.COUNT, groups, order=330),
    Figure("services.group_sessions", _("Group sessions"), Unit.COUNT, group_sessions, order=331, periodic=True),
    Figure("services.activities", _("Community activities"), Unit.COUNT, activities, order=340, periodic=True),
    Figure("services.activity_participants", _("Participants in community activities"), Unit.TIMES,
           activity_participants, order=341, periodic=True),
    Figure("services.surveys", _("Needs surveys"), Unit.COUNT, surveys, order=350),
]
