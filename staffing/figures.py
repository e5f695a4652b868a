"""The figures staffing knows about a station in a year (issue 10 "Seams", `ningbo_sws.lib.figures`).

Headcounts are read on `as_of(year)` (today in the current year, 31 December of a past one); hours and meetings
are those of the calendar year. One query per figure, whatever the number of stations."""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from ningbo_sws.lib.compliance import as_of
from ningbo_sws.lib.figures import Figure, Unit

from .models import Meeting, StaffKind, StaffMember, SupervisionSession, Training
from .queries import PROFESSIONAL

TENTH = Decimal("0.1")


def _on_staff(year: int) -> Q:
    day = as_of(year)
    return Q(kind=StaffKind.SOCIAL_WORKER, joined_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))


def staff_counts(station_ids, *, year) -> dict[int, tuple[int, int]]:
    """(social workers on staff, of whom professional) per station (R5). One query."""
    rows = (StaffMember.objects.filter(_on_staff(year), station_id__in=list(station_ids)).values("station_id")
            .annotate(n=Count("id"), professional=Count("id", filter=PROFESSIONAL)))
    return {r["station_id"]: (r["n"], r["professional"]) for r in rows}


def social_workers(station_ids, *, year):
    """Social workers on staff (R5; R9.1 counts 5 m² of office per head)."""
    return {sid: n for sid, (n, _p) in staff_counts(station_ids, year=year).items()}


def professionals(station_ids, *, year):
    """Of them, professional: a certificate level or a social-work degree (R5)."""
    return {sid: p for sid, (_n, p) in staff_counts(station_ids, year=year).items()}


def professional_share(station_ids, *, year):
    return {sid: (Decimal(100 * p) / n).quantize(TENTH) for sid, (n, p) in staff_counts(station_ids, year=year).items()
            if n}


def _hours(model):
    def compute(station_ids, *, year):
        rows = (model.objects.filter(station_id__in=station_ids, held_on__year=year).values("station_id")
                .annotate(h=Sum("hours")))
        return {r["station_id"]: (r["h"] or Decimal(0)).quantize(TENTH) for r in rows}

    return compute


def _count(model):
    def compute(station_ids, *, year):
        rows = (model.objects.filter(station_id__in=station_ids, held_on__year=year).values("station_id")
                .annotate(n=Count("id")))
        return {r["station_id"]: r["n"] for r in rows}

    return compute


FIGURES = [
    Figure("staffing.social_workers", _("Social workers on staff"), Unit.PEOPLE, social_workers, order=200),
    Figure("staffing.professionals", _("Professional social workers"), Unit.PEOPLE, professionals, order=201),
    Figure("staffing.professional_share", _("Share of professional social workers"), Unit.PERCENT,
           professional_share, order=202),
    Figure("staffing.supervision_hours", _("Supervision hours (R25)"), Unit.HOURS, _hours(SupervisionSession),
           order=210),
    Figure("staffing.supervision_sessions", _("Supervision sessions (R26)"), Unit.COUNT, _count(SupervisionSession),
           order=211),
    Figure("staffing.training_hours", _("Training hours"), Unit.HOURS, _hours(Training), order=212),
    Figure("staffing.meetings", _("Meetings held (R20)"), Unit.COUNT, _count(Meeting), order=220),
]
