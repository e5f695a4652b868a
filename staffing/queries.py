"""Reads of the staffing app: figures per station and district (R5, R20, R25) in a fixed number of queries."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from stations.access import scoped
from stations.models import Division

from .access import STAFF_POLICY, SUPERVISION_POLICY
from .models import (
    ActionItem,
    CertificateLevel,
    Meeting,
    Post,
    PostKind,
    StaffKind,
    StaffMember,
    SupervisionSession,
    Training,
)

ON_STAFF = Q(left_on__isnull=True)
SOCIAL_WORKER = Q(kind=StaffKind.SOCIAL_WORKER)
PROFESSIONAL = SOCIAL_WORKER & (~Q(certificate_level="") | ~Q(degree=""))


def current_posts(on: datetime.date | None = None) -> Q:
    on = on or timezone.localdate()
    return Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))


@dataclass
class Figures:
    headcount: int = 0
    professional: int = 0
    auxiliary: int = 0
    full_time: int = 0
    levels: dict = field(default_factory=dict)  # certificate level -> count
    meetings: int = 0  # in the last 12 months
    training_hours: Decimal = Decimal("0")  # this year, per training (not per attendee)
    supervision_hours: Decimal = Decimal("0")  # this year
    supervision_sessions: int = 0

    @property
    def meetings_per_month(self) -> Decimal:
        return (Decimal(self.meetings) / 12).quantize(Decimal("0.1"))

    def add(self, other: "Figures") -> None:
        for name in ("headcount", "professional", "auxiliary", "full_time", "meetings", "training_hours",
                     "supervision_hours", "supervision_sessions"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for level, n in other.levels.items():
            self.levels[level] = self.levels.get(level, 0) + n


def figures(station_ids, *, today: datetime.date | None = None) -> dict[int, Figures]:
    """R5/R20/R25 figures per station: four queries whatever the number of stations."""
    today = today or timezone.localdate()
    ids = list(station_ids)
    year_start = datetime.date(today.year, 1, 1)
    result = {pk: Figures(levels=dict.fromkeys(CertificateLevel.values, 0)) for pk in ids}
    staff = StaffMember.objects.filter(ON_STAFF & SOCIAL_WORKER, station_id__in=ids).values("station_id").annotate(
        n=Count("id"), professional=Count("id", filter=PROFESSIONAL), full_time=Count("id", filter=Q(full_time=True)),
        **{f"level_{v}": Count("id", filter=Q(certificate_level=v)) for v in CertificateLevel.values},
    )
    for row in staff:
        f = result[row["station_id"]]
        f.headcount, f.professional, f.full_time = row["n"], row["professional"], row["full_time"]
        f.auxiliary = f.headcount - f.professional
        f.levels = {v: row[f"level_{v}"] for v in CertificateLevel.values}
    meetings = (Meeting.objects.filter(station_id__in=ids, held_on__gt=today - datetime.timedelta(days=365),
                                       held_on__lte=today)
                .values("station_id").annotate(n=Count("id")))
    for row in meetings:
        result[row["station_id"]].meetings = row["n"]
    trainings = (Training.objects.filter(station_id__in=ids, held_on__gte=year_start, held_on__lte=today)
                 .values("station_id").annotate(h=Sum("hours")))
    for row in trainings:
        result[row["station_id"]].training_hours = row["h"] or Decimal("0")
    sessions = (SupervisionSession.objects.filter(station_id__in=ids, held_on__gte=year_start, held_on__lte=today)
                .values("station_id").annotate(h=Sum("hours"), n=Count("id")))
    for row in sessions:
        f = result[row["station_id"]]
        f.supervision_hours, f.supervision_sessions = row["h"] or Decimal("0"), row["n"]
    return result


def training_hours_per_member(member_ids, year: int) -> dict[int, Decimal]:
    """Training hours per person in a year (one query)."""
    rows = (Training.objects.filter(attendees__in=list(member_ids), held_on__year=year)
            .values("attendees").annotate(h=Sum("hours")))
    return {row["attendees"]: row["h"] for row in rows}


def villages_without_liaison(stations, *, on: datetime.date | None = None) -> dict[int, list[Division]]:
    """R12: per station, the villages and communities of its township with no current liaison. Two queries."""
    stations = list(stations)
    township_to_station = {s.township_id: s.pk for s in stations}
    covered = set(Post.objects.filter(current_posts(on), kind=PostKind.LIAISON,
                                      station_id__in=[s.pk for s in stations],
                                      holder__left_on__isnull=True).values_list("village_id", flat=True))
    missing: dict[int, list[Division]] = {s.pk: [] for s in stations}
    villages = Division.objects.filter(level=Division.Level.VILLAGE, parent_id__in=list(township_to_station))
    for village in villages.order_by("code"):
        if village.pk not in covered:
            missing[township_to_station[village.parent_id]].append(village)
    return missing


def village_counts(stations) -> dict[int, int]:
    stations = list(stations)
    township_to_station = {s.township_id: s.pk for s in stations}
    rows = (Division.objects.filter(level=Division.Level.VILLAGE, parent_id__in=list(township_to_station))
            .values("parent_id").annotate(n=Count("id")))
    return {township_to_station[r["parent_id"]]: r["n"] for r in rows}


def current_post_holders(station_ids, kinds, on=None) -> dict[int, dict[str, list[Post]]]:
    """station -> post kind -> current posts (one query)."""
    result: dict[int, dict[str, list[Post]]] = defaultdict(lambda: defaultdict(list))
    for post in Post.objects.filter(current_posts(on), station_id__in=list(station_ids), kind__in=kinds,
                                    holder__left_on__isnull=True).select_related("holder"):
        result[post.station_id][post.kind].append(post)
    return result


def meetings_per_month(station_id: int, *, months: int = 12, today: datetime.date | None = None) -> list:
    """R20: (first day of month, number of meetings) for the last `months` months, oldest first. One query."""
    today = today or timezone.localdate()
    first = datetime.date(today.year, today.month, 1)
    starts = []
    for _ in range(months):
        starts.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    starts.reverse()
    counts = dict.fromkeys(starts, 0)
    for held_on in Meeting.objects.filter(station_id=station_id, held_on__gte=starts[0],
                                          held_on__lte=today).values_list("held_on", flat=True):
        counts[held_on.replace(day=1)] += 1
    return list(counts.items())



# --- every object kind, scoped to the principal (issue 10): the list counterparts of the gates ------------------
def visible_staff_members(p):
    return scoped(StaffMember.objects.all(), p, policy=STAFF_POLICY)


def visible_posts(p):
    return scoped(Post.objects.all(), p, policy=STAFF_POLICY)


def visible_meetings(p):
    return scoped(Meeting.objects.all(), p, policy=STAFF_POLICY)


def visible_trainings(p):
    return scoped(Training.objects.all(), p, policy=STAFF_POLICY)


def visible_supervision_sessions(p):
    return scoped(SupervisionSession.objects.all(), p, policy=SUPERVISION_POLICY)


def visible_action_items(p):
    return scoped(ActionItem.objects.all(), p, policy=SUPERVISION_POLICY, station_field="session__station")
