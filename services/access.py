"""Who may see and do what with recipients, cases and projects (R6 and the privacy rules of DESIGN.md).

Personal data is seen only by those who serve the person: the station's workers and township officer, the
liaison of the person's village (their villagers only) and a supervisor assigned to the station. District and
city see figures only. The gates answer 404 outside that circle and 403 inside it without the right.
"""

from django.db.models import Q

from stations.access import STATION_POLICY, Principal, gate, station_for
from stations.models import Role, Station

from .models import Case, CommunityActivity, Household, NeedsSurvey, Project, Recipient, Volunteer, WorkGroup

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
# Volunteers are people too: seen like recipients (R22 volunteer files; DESIGN.md), district and city see figures.
VOLUNTEER_POLICY = {
    "view": SERVING,
    "reveal": SERVING,  # the full ID number: a deliberate, logged click
    "change": frozenset({Role.TOWNSHIP, Role.WORKER}),  # the file, and the hours served
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
    "volunteers": SERVING,  # the register of volunteers (a liaison sees their villagers only)
    "add_volunteer": frozenset({Role.TOWNSHIP, Role.WORKER}),
}


def _liaison_villages(p: Principal) -> set[int]:
    return {a.division_id for a in p.held(Role.LIAISON)}


def serves(p: Principal, roles, person) -> bool:
    """Whether one of `roles` of the user serves `person` (anything with a station and a village: a recipient, a
    household, a volunteer): a liaison serves the people of their own village only."""
    for role in p.roles & roles:
        if role == Role.LIAISON:
            if person.village_id in _liaison_villages(p):
                return True
        elif p.covers_station(role, person.station):
            return True
    return False


def serving_filter(p: Principal, roles) -> Q:
    """The people (with a station and a village) that one of `roles` of the user serves, as one filter."""
    q = Q(station__in=Station.objects.filter(p.station_filter(roles - {Role.LIAISON}))) if (
        p.roles & (roles - {Role.LIAISON})) else Q(pk__in=[])
    if Role.LIAISON in p.roles & roles:
        q |= Q(village_id__in=_liaison_villages(p))
    return q


def can_recipient(p: Principal, action: str, recipient: Recipient | Household) -> bool:
    """Also for a household: anything with a station and a village."""
    return serves(p, RECIPIENT_POLICY.get(action, frozenset()), recipient)


def recipient_filter(p: Principal, action: str = "view") -> Q:
    """Recipients the user may `action`, as one filter (no query)."""
    return serving_filter(p, RECIPIENT_POLICY[action])


def case_filter(p: Principal) -> Q:
    if not p.roles & CASE_POLICY["view"]:
        return Q(pk__in=[])
    return Q(station__in=Station.objects.filter(p.station_filter(CASE_POLICY["view"])))


def recipient_for(request, recipient_id, action: str = "view") -> Recipient:
    """The recipient gate: 404 outside the circle that serves the person, 403 inside it without the right."""
    return gate(request, Recipient.objects.select_related("station", "village", "responsible_worker", "household")
                .filter(pk=recipient_id), action=action, can=can_recipient)


def household_for(request, household_id, action: str = "view") -> Household:
    """The household gate: the same circle as for its members (a liaison: households of their village)."""
    return gate(request, Household.objects.select_related("station", "village").filter(pk=household_id),
                action=action, can=can_recipient)


def case_for(request, case_id, action: str = "view") -> Case:
    return gate(request, Case.objects.select_related("station", "project", "recipient", "worker").filter(pk=case_id),
                action=action, policy=CASE_POLICY)


def project_for(request, project_id, action: str = "view") -> Project:
    return gate(request, Project.objects.select_related("station", "lead").filter(pk=project_id),
                action=action, policy=PROJECT_POLICY)


def services_station_for(request, station_id, action: str = "view") -> Station:
    """The station gate for this app's station pages (the register, cases, projects, import)."""
    return station_for(request, station_id, action, policy=STATION_SERVICES_POLICY)


def group_for(request, group_id, action: str = "view") -> WorkGroup:
    """The group-work gate: members are recipients, so the casework circle only."""
    return gate(request, WorkGroup.objects.select_related("station", "project", "worker").filter(pk=group_id),
                action=action, policy=GROUP_POLICY)


def activity_for(request, activity_id, action: str = "view") -> CommunityActivity:
    return gate(request, CommunityActivity.objects.select_related("station", "project", "worker", "village")
                .filter(pk=activity_id), action=action, policy=GROUP_POLICY)


def survey_for(request, survey_id, action: str = "view") -> NeedsSurvey:
    """Needs surveys hold findings, not personal data: seen like projects."""
    return gate(request, NeedsSurvey.objects.select_related("station").filter(pk=survey_id),
                action=action, policy=PROJECT_POLICY)


def can_volunteer(p: Principal, action: str, volunteer: Volunteer) -> bool:
    return serves(p, VOLUNTEER_POLICY.get(action, frozenset()), volunteer)


def volunteer_filter(p: Principal, action: str = "view") -> Q:
    """Volunteers the user may `action`, as one filter (no query)."""
    return serving_filter(p, VOLUNTEER_POLICY[action])


def volunteer_for(request, volunteer_id, action: str = "view") -> Volunteer:
    """The volunteer gate: 404 outside the circle that serves the station's people, 403 inside it without the
    right."""
    return gate(request, Volunteer.objects.select_related("station", "village").filter(pk=volunteer_id),
                action=action, can=can_volunteer)
