"""Who may see and do what in the evaluation year (R27, R28), and the gates of the cycle's object kinds.

- An assessment is seen by the city and the auditor, its district, its station's township officer and workers,
  and the assessors the district assigned to that station for that year (an `AssessorAssignment`, not the
  standing station grant: an assessor of 2026 does not read 2027). Supervisors and liaisons have no part in it.
- The station (township officer, workers) writes the self-assessment and its evidence and reports rectifications
  done; the district and the assigned assessor score; the district sends back, finalises, reopens the deadline
  and closes rectifications; the city publishes.
- Kinds: "evaluation_year" (a year's pages), "evaluation_district" (a district's meeting and assignments for a
  year), "assessment" (one station-year).
"""

from django.http import Http404

from stations.access import Principal, gate
from stations.models import Division, Role

from .models_cycle import Assessment, AssessorAssignment, EvaluationYear

YEAR_VIEWERS = frozenset({Role.CITY, Role.AUDITOR, Role.DISTRICT, Role.TOWNSHIP, Role.WORKER, Role.ASSESSOR})
DASHBOARD_ROLES = frozenset({Role.CITY, Role.AUDITOR, Role.DISTRICT})  # aggregates of stations, no person
ASSESSMENT_POLICY = {
    "view": frozenset({Role.CITY, Role.AUDITOR, Role.DISTRICT, Role.TOWNSHIP, Role.WORKER}),
    "self": frozenset({Role.TOWNSHIP, Role.WORKER}),
    "score": frozenset({Role.DISTRICT}),  # and the assigned assessor
    "district": frozenset({Role.DISTRICT}),
    "publish": frozenset({Role.CITY}),
}
# An assigned assessor may do these to the station-year they are assigned to.
ASSESSOR_ACTIONS = frozenset({"view", "score"})


def assigned_station_ids(p: Principal, evaluation_year) -> set[int]:
    """The stations `p` is assigned to assess in `evaluation_year`, within the districts where they are an
    assessor (one query; none when they hold no assessor role)."""
    districts = p.districts(Role.ASSESSOR)
    if not districts:
        return set()
    return set(AssessorAssignment.objects.filter(
        evaluation_year=evaluation_year, assessor=p.user, ended_at__isnull=True,
        station__district_id__in=districts).values_list("station_id", flat=True))


def is_assigned(p: Principal, assessment: Assessment) -> bool:
    return assessment.station_id in assigned_station_ids(p, assessment.evaluation_year_id)


def can_assessment(p: Principal, action: str, assessment: Assessment) -> bool:
    if p.can_station(action, assessment.station, policy=ASSESSMENT_POLICY):
        return True
    return action in ASSESSOR_ACTIONS and Role.ASSESSOR in p.roles and is_assigned(p, assessment)


def rater_of(p: Principal, assessment: Assessment) -> str | None:
    """As whom `p` scores this assessment: the district bureau over the assessor (one person holds one)."""
    from .models_cycle import Rater

    if p.can_station("score", assessment.station, policy=ASSESSMENT_POLICY):
        return Rater.DISTRICT
    if Role.ASSESSOR in p.roles and is_assigned(p, assessment):
        return Rater.ASSESSOR
    return None


def assessment_for(request, station_id, year, action: str = "view") -> Assessment:
    """The gate of one station-year (kind "assessment"): 404 outside scope, 403 in scope without the right."""
    return gate(request, Assessment.objects.select_related(
        "station__township", "station__district", "evaluation_year__standard").filter(
        station_id=station_id, evaluation_year__year=year), action=action, can=can_assessment)


def _can_year(p: Principal, action: str, year: EvaluationYear) -> bool:
    if action == "view":
        return p.has_role(*YEAR_VIEWERS)
    if action == "dashboard":
        return p.has_role(*DASHBOARD_ROLES)
    return action == "publish" and p.has_role(Role.CITY)


def year_for(request, year, action: str = "view") -> EvaluationYear:
    """The gate of a year's pages (kind "evaluation_year"): every role with a part in the evaluation sees the
    year (each its own stations in it); the city publishes."""
    return gate(request, EvaluationYear.objects.select_related("standard").filter(year=year), action=action,
                can=_can_year)


def _can_district(p: Principal, action: str, found) -> bool:
    _year, district = found
    if action == "view" and p.has_role(Role.CITY, Role.AUDITOR):
        return True
    return district.pk in p.districts()


def district_year_for(request, year, code, action: str = "view"):
    """The gate of a district's part of a year (kind "evaluation_district"): its work meeting (R28) and its
    assessor assignments. City and auditor read; the district bureau keeps them. Returns (year, district)."""
    evaluation_year = EvaluationYear.objects.select_related("standard").filter(year=year).first()
    district = Division.objects.filter(code=code, level=Division.Level.DISTRICT).first()
    if evaluation_year is None or district is None:
        raise Http404
    return gate(request, (evaluation_year, district), action=action, can=_can_district)


def visible_assessments(p: Principal, evaluation_year):
    """The assessments of the year that `p` sees: by station scope, plus an assessor's assigned stations."""
    from django.db.models import Q

    from stations.access import scoped

    qs = Assessment.objects.filter(evaluation_year=evaluation_year)
    seen = scoped(qs, p, policy=ASSESSMENT_POLICY)
    assigned = assigned_station_ids(p, evaluation_year)
    if assigned:
        return qs.filter(Q(pk__in=seen.values("pk")) | Q(station_id__in=assigned))
    return seen

