"""Who may see and do what with recipients, cases and projects (R6 and the privacy rules of DESIGN.md).

Personal data is seen only by those who serve the person: the station's workers and township officer, the
liaison of the person's village (their villagers only) and a supervisor assigned to the station. District and
city see figures only. The gates answer 404 outside that circle and 403 inside it without the right.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from stations.access import STATION_POLICY, Principal, principal
from stations.models import Role, Station

from .models import Case, CommunityActivity, Household, NeedsSurvey, Project, Recipient, WorkGroup

SERVING = frozenset({Role.TOWNSHIP, Role.WORKER, Role.LIAISON, Role.SUPERVISOR})

RECIPIENT_POLICY = {
    "view": SERVING,
    "reveal": SERVING,  # the full ID number: a deliberate, logged click
    "change": frozenset({Role.TOWNSHIP, Role.WORKER}),
    "visit": frozenset({Role.TOWNSHIP, Role.WORKER, Role.LIAISON}),  # liaisons report visit notes (DESIGN.md)
    "open_case": frozenset({Role.WORKER}),
}
CASE_POLICY = {
    "view": frozenset({Role.TOWNSHIP, Role.WORKER, Role.SUPERVISOR}),
    "change": frozenset({Role.WORKER}),
    "review": frozenset({Role.SUPERVISOR}),  # guidance on a difficult case (R25)
}
# Group work and community activities name recipients: the circle of casework sees them (DESIGN.md).
GROUP_POLICY = {
    "view": CASE_POLICY["view"],
    "change": frozenset({Role.TOWNSHIP, Role.WORKER}),
}
PROJECT_POLICY = {
    "view": STATION_POLICY["view"],  # projects hold no personal data
    "change": frozenset({Role.TOWNSHIP, Role.WORKER}),
}
# Station-scoped pages of this app: what each role may do at a station.
STATION_SERVICES_POLICY = {
    "view": STATION_POLICY["view"],
    "recipients": SERVING,  # the register of recipients (a liaison sees their villagers only)
    "add_recipient": frozenset({Role.TOWNSHIP, Role.WORKER}),
    "cases": CASE_POLICY["view"],
    "plan": PROJECT_POLICY["change"],
    "groups": GROUP_POLICY["view"],
    "export": frozenset({Role.TOWNSHIP, Role.WORKER}),  # the register as a file: logged (DESIGN.md)
}


def _liaison_villages(p: Principal) -> set[int]:
    return {a.division_id for a in p.held(Role.LIAISON)}


def can_recipient(p: Principal, action: str, recipient: Recipient | Household) -> bool:
    """Also for a household: anything with a station and a village."""
    for role in p.roles & RECIPIENT_POLICY.get(action, frozenset()):
        if role == Role.LIAISON:
            if recipient.village_id in _liaison_villages(p):
                return True
        elif p.covers_station(role, recipient.station):
            return True
    return False


def recipient_filter(p: Principal, action: str = "view") -> Q:
    """Recipients the user may `action`, as one filter (no query)."""
    roles = RECIPIENT_POLICY[action]
    q = Q(station__in=Station.objects.filter(p.station_filter(roles - {Role.LIAISON}))) if (
        p.roles & (roles - {Role.LIAISON})) else Q(pk__in=[])
    if Role.LIAISON in p.roles & roles:
        q |= Q(village_id__in=_liaison_villages(p))
    return q


def case_filter(p: Principal) -> Q:
    if not p.roles & CASE_POLICY["view"]:
        return Q(pk__in=[])
    return Q(station__in=Station.objects.filter(p.station_filter(CASE_POLICY["view"])))


def recipient_for(request, recipient_id, action: str = "view") -> Recipient:
    """The recipient gate: 404 outside the circle that serves the person, 403 inside it without the right."""
    p = principal(request)
    recipient = (Recipient.objects.select_related("station", "village", "responsible_worker", "household")
                 .filter(pk=recipient_id).first())
    if recipient is None or not can_recipient(p, "view", recipient):
        raise Http404
    if action != "view" and not can_recipient(p, action, recipient):
        raise PermissionDenied
    return recipient


def household_for(request, household_id, action: str = "view") -> Household:
    """The household gate: the same circle as for its members (a liaison: households of their village)."""
    p = principal(request)
    household = Household.objects.select_related("station", "village").filter(pk=household_id).first()
    if household is None or not can_recipient(p, "view", household):
        raise Http404
    if action != "view" and not can_recipient(p, action, household):
        raise PermissionDenied
    return household


def case_for(request, case_id, action: str = "view") -> Case:
    p = principal(request)
    case = (Case.objects.select_related("station", "project", "recipient", "worker")
            .filter(pk=case_id).first())
    if case is None or not p.can_station("view", case.station, policy=CASE_POLICY):
        raise Http404
    if action != "view" and not p.can_station(action, case.station, policy=CASE_POLICY):
        raise PermissionDenied
    return case


def project_for(request, project_id, action: str = "view") -> Project:
    p = principal(request)
    project = Project.objects.select_related("station", "lead").filter(pk=project_id).first()
    if project is None or not p.can_station("view", project.station, policy=PROJECT_POLICY):
        raise Http404
    if action != "view" and not p.can_station(action, project.station, policy=PROJECT_POLICY):
        raise PermissionDenied
    return project


def services_station_for(request, station_id, action: str = "view") -> Station:
    """The station gate for this app's station pages (the register, cases, projects, import)."""
    p = principal(request)
    station = Station.objects.select_related("township", "district").filter(pk=station_id).first()
    if station is None or not p.can_station("view", station):
        raise Http404
    if action != "view" and not p.can_station(action, station, policy=STATION_SERVICES_POLICY):
        raise PermissionDenied
    return station


def _station_object_for(request, model, pk, action, policy, related=("station",)):
    p = principal(request)
    obj = model.objects.select_related(*related).filter(pk=pk).first()
    if obj is None or not p.can_station("view", obj.station, policy=policy):
        raise Http404
    if action != "view" and not p.can_station(action, obj.station, policy=policy):
        raise PermissionDenied
    return obj


def group_for(request, group_id, action: str = "view") -> WorkGroup:
    """The group-work gate: members are recipients, so the casework circle only."""
    return _station_object_for(request, WorkGroup, group_id, action, GROUP_POLICY, ("station", "project", "worker"))


def activity_for(request, activity_id, action: str = "view") -> CommunityActivity:
    return _station_object_for(request, CommunityActivity, activity_id, action, GROUP_POLICY,
                               ("station", "project", "worker", "village"))


def survey_for(request, survey_id, action: str = "view") -> NeedsSurvey:
    """Needs surveys hold findings, not personal data: seen like projects."""
    return _station_object_for(request, NeedsSurvey, survey_id, action, PROJECT_POLICY)
