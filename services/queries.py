"""Reads of the services app, always scoped to the asking user's Principal. Fixed query counts."""

import datetime

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from stations.access import Principal, scoped
from stations.models import Role

from .access import CASE_POLICY, GROUP_POLICY, PROJECT_POLICY, case_filter, recipient_filter, volunteer_filter
from .models import (
    Case,
    CommunityActivity,
    GroupSession,
    Household,
    NeedsSurvey,
    Project,
    Recipient,
    ServiceRecord,
    TargetGroup,
    Visit,
    Volunteer,
    VolunteerService,
    WorkGroup,
    today,
)


def station_recipients(p: Principal, station, *, search: str = "", group: str = "",
                       id_hashes: list[str] | None = None):
    qs = (Recipient.objects.filter(recipient_filter(p), station=station)
          .select_related("village", "responsible_worker"))
    if search:
        qs = qs.filter(name__icontains=search)
    if group:
        qs = qs.filter(groups__icontains=f'"{group}"')
    if id_hashes:
        qs = qs.filter(id_hash__in=id_hashes)
    return qs.order_by("name", "id")


def visits_due(p: Principal, station, *, within_days: int = 0):
    """Key-group recipients whose next visit is due (overdue when the date has passed), R17."""
    until = today() + datetime.timedelta(days=within_days)
    return (Recipient.objects.filter(recipient_filter(p), station=station, key_group=True,
                                     status=Recipient.Status.ACTIVE, next_visit_due__lte=until)
            .select_related("village", "responsible_worker").order_by("next_visit_due", "name"))


def station_cases(station, *, state: str = ""):
    qs = Case.objects.filter(station=station).select_related("recipient", "project", "worker")
    if state == "open":
        qs = qs.filter(state__in=Case.OPEN_STATES)
    elif state:
        qs = qs.filter(state=state)
    return qs.order_by("-opened_on", "-id")


def recipient_page(p: Principal, recipient: Recipient) -> dict:
    """What the recipient's page shows: visits, and cases for those who see cases. Fixed query count."""
    visits = Visit.objects.filter(Q(recipient=recipient) | Q(household_id=recipient.household_id)
                                  if recipient.household_id else Q(recipient=recipient))
    context = {"visits": list(visits.select_related("visitor", "household").order_by("-visited_on", "-id")[:50])}
    if p.can_station("view", recipient.station, policy=CASE_POLICY):  # not the liaison: cases are casework's
        context["cases"] = list(recipient.cases.select_related("project", "worker"))
    return context


def my_day(user, p: Principal) -> dict:
    """The worker's day (fixed query count): my open cases with the next step, visits due, my week's records."""
    day = today()
    stations = [a.station_id for a in p.held(Role.WORKER)]
    cases = (Case.objects.filter(worker=user, state__in=Case.OPEN_STATES, station_id__in=stations)
             .select_related("recipient", "project").order_by("next_due", "opened_on", "id"))
    due = (Recipient.objects.filter(station_id__in=stations, key_group=True, status=Recipient.Status.ACTIVE,
                                    next_visit_due__lte=day + datetime.timedelta(days=7))
           .filter(Q(responsible_worker=user) | Q(responsible_worker__isnull=True))
           .select_related("village", "station").order_by("next_visit_due", "name"))
    week_start = day - datetime.timedelta(days=day.weekday())
    records = (ServiceRecord.objects.filter(worker=user, served_on__gte=week_start)
               .select_related("recipient").order_by("-served_on", "-id"))
    groups = (WorkGroup.objects.filter(worker=user, state=WorkGroup.State.RUNNING, station_id__in=stations)
              .annotate(this_week=Count("sessions", filter=Q(sessions__held_on__gte=week_start)),
                        held=Count("sessions")).order_by("title"))
    return {"cases": list(cases[:100]), "due": list(due[:100]), "records": list(records[:50]),
            "groups": list(groups[:50]), "today": day, "week_start": week_start}


def portfolio_projects(station, year: int):
    return Project.objects.filter(station=station, year=year).select_related("lead").order_by("kind", "title")


def figures(station, year: int) -> dict:
    """R4, R17: service times (人次) and people served (distinct) by month, kind, project and village.

    Counts only: no names. A fixed number of queries.
    """
    records = ServiceRecord.objects.filter(station=station, served_on__year=year)
    by_month = list(records.annotate(month=TruncMonth("served_on")).values("month")
                    .annotate(times=Count("id"), people=Count("recipient", distinct=True)).order_by("month"))
    by_kind = list(records.values("kind").annotate(times=Count("id"), people=Count("recipient", distinct=True))
                   .order_by("kind"))
    by_project = list(records.values("project__title", "project__kind")
                      .annotate(times=Count("id"), people=Count("recipient", distinct=True))
                      .order_by("project__kind", "project__title"))
    by_village = list(records.values("recipient__village__name")
                      .annotate(times=Count("id"), people=Count("recipient", distinct=True))
                      .order_by("recipient__village__name"))
    # By target group (R16, R17.1): a person in two groups counts in both. One query, a row per person served.
    by_group: dict[str, dict] = {}
    for row in records.values("recipient_id", "recipient__groups").annotate(times=Count("id")):
        for code in row["recipient__groups"] or ["other"]:
            entry = by_group.setdefault(code, {"group": code, "times": 0, "people": 0})
            entry["times"] += row["times"]
            entry["people"] += 1
    labels = dict(TargetGroup.choices)
    by_group_rows = sorted(({**e, "label": labels.get(e["group"], e["group"])} for e in by_group.values()),
                           key=lambda e: list(labels).index(e["group"]) if e["group"] in labels else 99)
    visits = Visit.objects.filter(station=station, visited_on__year=year).aggregate(
        times=Count("id"), people=Count("recipient", distinct=True))
    totals = records.aggregate(times=Count("id"), people=Count("recipient", distinct=True))
    recipients = Recipient.objects.filter(station=station).aggregate(
        all=Count("id"), key=Count("id", filter=Q(key_group=True)))
    sessions = GroupSession.objects.filter(group__station=station, held_on__year=year).aggregate(
        sessions=Count("id"), attendance=Sum("attendance"), groups=Count("group", distinct=True))
    activities = CommunityActivity.objects.filter(station=station, held_on__year=year).aggregate(
        activities=Count("id"), participants=Sum("participants"), volunteers=Sum("volunteers"))
    surveys = NeedsSurvey.objects.filter(station=station, conducted_on__year=year).count()
    return {"by_month": by_month, "by_kind": by_kind, "by_project": by_project, "by_village": by_village,
            "visits": visits, "totals": totals, "recipients": recipients, "sessions": sessions,
            "activities": activities, "surveys": surveys, "by_group": by_group_rows}


def overview(stations: list, year: int) -> list[dict]:
    """Figures per station for the district and city tables (no personal data): one query per figure, whatever
    the number of stations; plus the report-card findings R17 and R18 (one query each)."""
    from .compliance import check_portfolio, check_process

    ids = [s.pk for s in stations]
    recipients = {r["station_id"]: r for r in Recipient.objects.filter(station_id__in=ids).values("station_id")
                  .annotate(all=Count("id"), key=Count("id", filter=Q(key_group=True)),
                            overdue=Count("id", filter=Q(key_group=True, next_visit_due__lt=today())))}
    services = {r["station_id"]: r for r in ServiceRecord.objects.filter(station_id__in=ids, served_on__year=year)
                .values("station_id").annotate(times=Count("id"), people=Count("recipient", distinct=True))}
    visits = dict(Visit.objects.filter(station_id__in=ids, visited_on__year=year).values_list("station_id")
                  .annotate(n=Count("id")))
    r17, r18 = check_portfolio(stations, year=year), check_process(stations, year=year)
    return [{"station": s, "recipients": recipients.get(s.pk, {}), "services": services.get(s.pk, {}),
             "visits": visits.get(s.pk, 0), "r17": r17[s.pk], "r18": r18[s.pk]} for s in stations]


# --- every object kind, scoped to the principal (issue 10): the list counterparts of the gates ------------------
def visible_recipients(p: Principal):
    """The people the user serves (a liaison: their villagers only)."""
    return Recipient.objects.filter(recipient_filter(p))


def visible_households(p: Principal):
    return Household.objects.filter(recipient_filter(p))


def visible_visits(p: Principal):
    """Visits are seen by the circle of their recipient's village and station (a liaison: their village)."""
    return Visit.objects.filter(recipient_filter(p))


def visible_cases(p: Principal):
    return Case.objects.filter(case_filter(p))


def visible_service_records(p: Principal):
    return scoped(ServiceRecord.objects.all(), p, policy=CASE_POLICY)


def visible_projects(p: Principal):
    return scoped(Project.objects.all(), p, policy=PROJECT_POLICY)


def visible_groups(p: Principal):
    return scoped(WorkGroup.objects.all(), p, policy=GROUP_POLICY)


def visible_group_sessions(p: Principal):
    return scoped(GroupSession.objects.all(), p, policy=GROUP_POLICY, station_field="group__station")


def visible_activities(p: Principal):
    return scoped(CommunityActivity.objects.all(), p, policy=GROUP_POLICY)


def visible_surveys(p: Principal):
    return scoped(NeedsSurvey.objects.all(), p, policy=PROJECT_POLICY)


def visible_volunteers(p: Principal):
    """The volunteers of the stations the user serves (a liaison: those of their village), as recipients."""
    return Volunteer.objects.filter(volunteer_filter(p))


def visible_volunteer_services(p: Principal):
    """Hours served, seen by whoever sees the volunteer."""
    return VolunteerService.objects.filter(volunteer__in=visible_volunteers(p))
