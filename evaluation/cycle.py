"""evaluation: the cycle part — the evaluation year (R27, R28): the city opens a year, each district records its
work meeting and assigns assessors, every station assesses itself and submits, the district and the assessor
score on evidence, rectifications are followed until closed, the district finalises, the city publishes grades
and subsidies. See docs/arch-cycle.md."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ningbo_sws.lib.compliance import ComplianceRule, Finding, Status, compliance
from ningbo_sws.lib.registry import NavItem, shell
from ningbo_sws.lib.todo import Item, Todo, todo
from stations.models import Role

STATION_ROLES = frozenset({Role.TOWNSHIP, Role.WORKER})


def _open_year():
    from .models_cycle import EvaluationYear

    return EvaluationYear.objects.filter(status=EvaluationYear.Status.OPEN).order_by("-year").first()


def _year_url(evaluation_year, status=""):
    url = reverse("evaluation:year", args=[evaluation_year.year])
    return f"{url}?status={status}" if status else url


def station_items(p) -> list[Item]:
    """Township officer and workers: the self-assessment to submit, rectifications to put right (2 queries)."""
    from .models_cycle import Assessment, Rectification

    station_ids = [a.station_id for a in p.assignments if a.role in STATION_ROLES]
    waiting = list(Assessment.objects.filter(
        station_id__in=station_ids, status=Assessment.Status.SELF_ASSESSING,
        evaluation_year__status="open").select_related("evaluation_year")[:2])
    items = []
    if waiting:
        url = waiting[0].get_absolute_url() if len(waiting) == 1 else reverse("evaluation:year_list")
        items.append(Item(_("Self-assessment to submit (R28)"), len(waiting), url))
    open_items = Rectification.objects.filter(assessment__station_id__in=station_ids,
                                              status=Rectification.Status.OPEN).count()
    if open_items:
        items.append(Item(_("Rectifications to put right"), open_items, reverse("evaluation:year_list")))
    return items


def district_items(p) -> list[Item]:
    """District officer: self-assessments to score, scores to finalise, rectifications reported done, the year's
    work meeting (R28) not yet recorded, in the latest open year (3 queries, whether a year is open or not)."""
    from django.db.models import Count

    from .models_cycle import Assessment, DistrictMeeting, Rectification

    districts = p.districts()
    rows = list(Assessment.objects.filter(evaluation_year__status="open", station__district_id__in=districts)
                .values_list("evaluation_year__year", "status").annotate(n=Count("id"))
                .order_by("-evaluation_year__year"))
    done = Rectification.objects.filter(assessment__station__district_id__in=districts,
                                        status=Rectification.Status.DONE).count()
    met = set(DistrictMeeting.objects.filter(evaluation_year__status="open", district_id__in=districts)
              .values_list("evaluation_year__year", "district_id"))
    if not rows:
        return []
    year = rows[0][0]
    counts = {status: n for y, status, n in rows if y == year}

    def url(status=""):
        base = reverse("evaluation:year", args=[year])
        return f"{base}?status={status}" if status else base

    items = [
        Item(_("Self-assessments submitted to score"), counts.get(Assessment.Status.SUBMITTED, 0),
             url(Assessment.Status.SUBMITTED)),
        Item(_("Assessments being scored to finalise"), counts.get(Assessment.Status.SCORING, 0),
             url(Assessment.Status.SCORING)),
        Item(_("Rectifications reported done to check"), done, url()),
    ]
    missing = [d for d in districts if (year, d) not in met]
    if missing:
        items.append(Item(_("The year's work meeting to record (R28)"), len(missing), url()))
    return items


def assessor_items(p) -> list[Item]:
    """Assessor: assigned stations of the open year waiting for scores (2 queries)."""
    from .access_cycle import assigned_station_ids
    from .models_cycle import Assessment

    year = _open_year()
    if year is None:
        return []
    ids = assigned_station_ids(p, year)
    count = Assessment.objects.filter(evaluation_year=year, station_id__in=ids).filter(
        Q(status=Assessment.Status.SUBMITTED) | Q(status=Assessment.Status.SCORING)).count() if ids else 0
    return [Item(_("Assigned stations to score"), count, _year_url(year))]


def city_items(p) -> list[Item]:
    """City: results finalised by the districts, to publish, in the open years (1 query, open year or not)."""
    from django.db.models import Count

    from .models_cycle import Assessment

    rows = (Assessment.objects.filter(evaluation_year__status="open", status=Assessment.Status.FINALISED)
            .values_list("evaluation_year__year").annotate(n=Count("id")).order_by("-evaluation_year__year"))
    items = []
    for year, count in rows:
        url = reverse("evaluation:year", args=[year]) + f"?status={Assessment.Status.FINALISED}"
        items.append(Item(_("Finalised results to publish"), count, url))
    return items


def check_r28(stations, *, year: int) -> dict:
    """Report card R28: the station assessed itself for the year and submitted it to its township and district
    (one query). No evaluation year opened: not recorded."""
    from .models_cycle import Assessment

    found = dict(Assessment.objects.filter(evaluation_year__year=year, station__in=[s.pk for s in stations])
                 .values_list("station_id", "status"))
    out = {}
    for station in stations:
        status = found.get(station.pk)
        if status is None:
            out[station.pk] = Finding(Status.NOT_RECORDED, _("No evaluation of the year is open."))
        elif status == Assessment.Status.SELF_ASSESSING:
            out[station.pk] = Finding(Status.NOT_MET, _("The self-assessment of the year is not submitted yet."))
        else:
            out[station.pk] = Finding(Status.MET, _("The self-assessment of the year is submitted."))
    return out


def fix_r28(station, *, year) -> str:
    """R28 is fixed in the evaluation years, where the station's self-assessment is opened (issue 13 item 3)."""
    return reverse("evaluation:year_list")


TODOS = (
    Todo("evaluation.self_assessment", STATION_ROLES, station_items, order=70),
    Todo("evaluation.district", frozenset({Role.DISTRICT}), district_items, order=70),
    Todo("evaluation.assessor", frozenset({Role.ASSESSOR}), assessor_items, order=70),
    Todo("evaluation.city", frozenset({Role.CITY}), city_items, order=70),
)


def register():
    """Register this part's seams (called from EvaluationConfig.ready): navigation, to-do, report card R28, and
    the job kind of a district's reports (declared when `jobs_cycle` is imported)."""
    from . import jobs_cycle  # noqa: F401
    shell.add_nav(NavItem(gettext_lazy("Evaluation"), "evaluation:year_list",
                          frozenset({Role.CITY, Role.AUDITOR, Role.DISTRICT, Role.TOWNSHIP, Role.WORKER,
                                     Role.ASSESSOR}), order=70))
    todo.register_all(TODOS)
    compliance.register(ComplianceRule("R28", gettext_lazy("Yearly self-assessment"), check_r28, order=280,
                                       fix_url=fix_r28))
