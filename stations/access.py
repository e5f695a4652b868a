"""The access model: who may see and do what, and the one gate per object kind that every view asks.

Deny by default:
- every URL's view declares its rule with `@rule(...)`; `AccessRuleMiddleware` refuses a view that has none and
  sends anonymous people to the sign-in page for every rule but `public`;
- a gate (`station_for`, `division_for`, `assignment_for`, ...) answers 404 for an object outside the user's
  scope (as if it did not exist) and 403 for one the user may see but not change (R6: the township is the
  responsible entity, the district guides and supervises).

Later apps add their object kinds with their own gate, one call of `gate(...)` (the one gate body), and the
list counterpart `scoped(...)` for their `queries.visible_<kind>s(principal)`.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import (
    STATION_GRANTS,
    Attachment,
    Contract,
    Division,
    Operator,
    Role,
    RoleAssignment,
    Room,
    Station,
    StationUserObjectPermission,
)

ALL_ROLES = frozenset(Role.values)
OFFICE_ROLES = frozenset({Role.CITY, Role.DISTRICT})  # the bureaus that run the access model

# What each role may do to a station, always within its own scope.
STATION_POLICY = {
    "view": ALL_ROLES,
    "change": frozenset({Role.DISTRICT, Role.TOWNSHIP, Role.WORKER}),
    "assign": frozenset({Role.CITY, Role.DISTRICT}),  # assign supervisors and assessors to it
    # the set-up lifecycle page: the township submits and opens, the district approves, suspends and closes;
    # which role may make which move is the table `Station.workflow`
    "lifecycle": frozenset({Role.DISTRICT, Role.TOWNSHIP}),
    "contract": frozenset({Role.DISTRICT, Role.TOWNSHIP}),  # add a contract (R15): the township signs it
}
# Contracts with operators (R15): the township signs them, the district oversees; amounts are not for liaisons.
CONTRACT_POLICY = {
    "view": ALL_ROLES - {Role.LIAISON},
    "change": frozenset({Role.DISTRICT, Role.TOWNSHIP}),
}
# Operators (承接机构) are a city-wide registry of organisations: every office role reads it; the city, and the
# district officers and township officers of the district an operator is registered in, keep it up to date.
OPERATOR_VIEWERS = ALL_ROLES - {Role.LIAISON}
OPERATOR_EDITORS = frozenset({Role.CITY, Role.DISTRICT, Role.TOWNSHIP})
# Which roles a district officer may hand out (within the district). The city may hand out any role.
DISTRICT_GRANTABLE = frozenset({Role.SUPERVISOR, Role.ASSESSOR, Role.TOWNSHIP, Role.WORKER, Role.LIAISON})


@dataclass(frozen=True)
class Rule:
    """The access rule a view declares. `kind` names its gate; the permission walker reads it."""

    kind: str  # "public", "signed_in", "roles", or an object kind with a gate: "station", "division", ...
    action: str = "view"
    roles: frozenset = field(default_factory=frozenset)


def rule(kind: str, action: str = "view", roles=()):
    """Declare a view's access rule (required on every view: the middleware refuses views without one)."""

    def decorate(view):
        view.access_rule = Rule(kind, action, frozenset(roles))
        return view

    return decorate


class AccessRuleMiddleware:
    """Deny by default: a view without a declared rule is refused; only `public` views admit anonymous people."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.namespace == "admin":
            return None  # the Django admin has its own gate: active staff only
        access_rule = getattr(view_func, "access_rule", None)
        if access_rule is None:
            raise PermissionDenied("view without a declared access rule")
        if access_rule.kind == "public":
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if access_rule.kind == "roles" and not principal(request).has_role(*access_rule.roles):
            raise PermissionDenied
        return None


class Principal:
    """A user's roles and scopes, loaded once per request (two queries)."""

    def __init__(self, user):
        self.user = user
        self.assignments: list[RoleAssignment] = []
        self.granted: dict[str, set[int]] = defaultdict(set)
        if user.is_authenticated and user.is_active:
            self.assignments = list(
                RoleAssignment.objects.active().filter(user=user).select_related("division", "station")
            )
            codename_to_role = {codename: role for role, codename in STATION_GRANTS.items()}
            grants = StationUserObjectPermission.objects.filter(
                user=user, permission__codename__in=codename_to_role
            ).values_list("permission__codename", "content_object_id")
            for codename, station_id in grants:
                self.granted[codename_to_role[codename]].add(station_id)
        self.roles = frozenset(a.role for a in self.assignments)

    def has_role(self, *roles) -> bool:
        return bool(self.roles.intersection(roles))

    def held(self, role) -> list[RoleAssignment]:
        return [a for a in self.assignments if a.role == role]

    def districts(self, role=Role.DISTRICT) -> set[int]:
        return {a.division_id for a in self.held(role)}

    def can_change_operator(self, operator: Operator) -> bool:
        if Role.CITY in self.roles:
            return True
        if operator.district_id is None:
            return False
        township_districts = {a.station.district_id for a in self.held(Role.TOWNSHIP)}
        return operator.district_id in self.districts() | township_districts

    # --- stations -------------------------------------------------------------------------------------------
    def covers_station(self, role, station: Station) -> bool:
        """Whether the user, as `role`, has `station` in scope."""
        if role in (Role.CITY, Role.AUDITOR):
            return bool(self.held(role))
        if role == Role.DISTRICT:
            return station.district_id in self.districts()
        if role in (Role.TOWNSHIP, Role.WORKER):
            return any(a.station_id == station.pk for a in self.held(role))
        if role == Role.LIAISON:
            return any(a.division.township_id == station.township_id for a in self.held(role))
        if role in STATION_GRANTS:
            return station.pk in self.granted[role] and station.district_id in self.districts(role)
        return False

    def can_station(self, action: str, station: Station, policy=None) -> bool:
        allowed = (policy or STATION_POLICY).get(action, frozenset())
        return any(self.covers_station(role, station) for role in self.roles & allowed)

    def station_filter(self, roles=ALL_ROLES) -> Q:
        """A filter on Station for the stations the user sees through any of `roles`. Empty: nothing."""
        held = self.roles & frozenset(roles)
        if held & {Role.CITY, Role.AUDITOR}:
            return Q()
        q = Q(pk__in=[])
        if Role.DISTRICT in held:
            q |= Q(district_id__in=self.districts())
        for role in (Role.TOWNSHIP, Role.WORKER):
            if role in held:
                q |= Q(pk__in=[a.station_id for a in self.held(role)])
        if Role.LIAISON in held:
            q |= Q(township_id__in=[a.division.township_id for a in self.held(Role.LIAISON)])
        for role in STATION_GRANTS:
            if role in held:
                q |= Q(pk__in=self.granted[role], district_id__in=self.districts(role))
        return q

    def stations(self, roles=ALL_ROLES):
        return Station.objects.filter(self.station_filter(roles))

    # --- divisions ------------------------------------------------------------------------------------------
    def sees_division(self, division: Division) -> bool:
        if self.has_role(Role.CITY, Role.AUDITOR):
            return True
        return any(a.division.contains(division) for a in self.held(Role.DISTRICT))

    # --- the access model itself ----------------------------------------------------------------------------
    def can_grant(self, role: str, *, division: Division | None = None, station: Station | None = None) -> bool:
        if Role.CITY in self.roles:
            return True
        if Role.DISTRICT not in self.roles or role not in DISTRICT_GRANTABLE:
            return False
        scope_district = station.district_id if station is not None else division and division.district_id
        return scope_district in self.districts()

    def assignment_scope_district(self, assignment: RoleAssignment) -> int | None:
        if assignment.station_id:
            return assignment.station.district_id
        return assignment.division.district_id

    def sees_assignment(self, assignment: RoleAssignment) -> bool:
        if self.has_role(Role.CITY, Role.AUDITOR):
            return True
        return self.assignment_scope_district(assignment) in self.districts()

    def can_revoke(self, assignment: RoleAssignment) -> bool:
        return self.can_grant(assignment.role, division=assignment.division, station=assignment.station)

    def assignment_filter(self) -> Q:
        if self.has_role(Role.CITY, Role.AUDITOR):
            return Q()
        districts = self.districts()
        return Q(division__district_id__in=districts) | Q(station__district_id__in=districts)


def scoped(queryset, p: Principal, *, policy=None, action: str = "view", station_field: str = "station"):
    """`queryset` narrowed to the rows whose station `p` may `action` under `policy` (the list counterpart of
    `gate`; no query until evaluated). Each kind's `queries.visible_<kind>s(p)` is built on it."""
    roles = (policy or STATION_POLICY).get(action, frozenset())
    if not p.roles & roles:
        return queryset.none()
    return queryset.filter(**{f"{station_field}__in": Station.objects.filter(p.station_filter(roles))})


def principal(request) -> Principal:
    cached = getattr(request, "_principal", None)
    if cached is None or cached.user is not request.user:
        cached = request._principal = Principal(request.user)
    return cached


# --- the gates: one per object kind, all through `gate` -----------------------------------------------------
def _station_of(obj) -> Station:
    return obj if isinstance(obj, Station) else obj.station


def gate(request, found, *, action: str = "view", policy=None, station_of=_station_of, can=None,
         view_action: str = "view"):
    """The one gate body that every object kind's gate calls (issue 10): 404 when the object does not exist or
    lies outside the user's scope (the same answer, so nothing leaks), 403 when the user sees it but may not
    `action` it. Returns the object.

    `found` is the object (or None) or a queryset of at most one row (use `select_related` for what the page
    shows). By default the right is `Principal.can_station(action, station_of(obj), policy=policy)`;
    `can(principal, action, obj)` replaces that for kinds not decided by their station's policy. `view_action`
    is the right needed to see the object at all ("vouchers" for a voucher: the city sees figures, not vouchers).

        def room_for(request, room_id, action="view"):
            return gate(request, Room.objects.select_related("station").filter(pk=room_id), action=action)
    """
    obj = found.first() if isinstance(found, QuerySet) else found
    p = principal(request)
    if can is None:
        def can(p, act, o):
            return p.can_station(act, station_of(o), policy=policy)
    if obj is None or not can(p, view_action, obj):
        raise Http404
    if action != view_action and not can(p, action, obj):
        raise PermissionDenied
    return obj


def station_for(request, station_id, action: str = "view", policy=None) -> Station:
    """The station gate. 404 outside the user's scope; 403 in scope without the right to `action`.

    A higher app's pages about a station pass the app's `policy` (its "view" decides who sees them at all)."""
    return gate(request, Station.objects.select_related("township", "district").filter(pk=station_id),
                action=action, policy=policy)


def division_for(request, code: str) -> Division:
    """The division gate: city and auditor see all divisions, a district officer their district's subtree."""
    return gate(request, Division.objects.select_related("parent").filter(code=code),
                can=lambda p, action, division: p.sees_division(division))


def assignment_for(request, assignment_id, action: str = "view") -> RoleAssignment:
    """The role-assignment gate: the bureaus see the assignments of their scope and revoke those they could grant."""
    return gate(request, RoleAssignment.objects.select_related("user", "division", "station").filter(pk=assignment_id),
                action=action,
                can=lambda p, act, a: p.sees_assignment(a) if act == "view" else p.can_revoke(a))


def room_for(request, room_id, action: str = "view") -> Room:
    """The room gate (R9): a room is seen and changed as its station is."""
    return gate(request, Room.objects.select_related("station__township", "station__district").filter(pk=room_id),
                action=action)


def contract_for(request, contract_id, action: str = "view") -> Contract:
    """The contract gate (R15): by CONTRACT_POLICY on the contract's station."""
    return gate(request, Contract.objects.select_related("station__township", "station__district", "operator")
                .filter(pk=contract_id), action=action, policy=CONTRACT_POLICY)


def _attachment_policy(attachment: Attachment):
    return CONTRACT_POLICY if attachment.purpose == Attachment.Purpose.CONTRACT else STATION_POLICY


def attachment_for(request, attachment_id) -> Attachment:
    """The file gate: a photo is seen by whoever sees its station, a signed contract by whoever sees contracts."""
    return gate(request, Attachment.objects.select_related("station").filter(pk=attachment_id),
                can=lambda p, act, a: p.can_station(act, a.station, policy=_attachment_policy(a)))


def operator_for(request, operator_id, action: str = "view") -> Operator:
    """The operator gate: every office role reads the registry; changes by the city and the operator's district."""
    def can(p, act, operator):
        if act == "view":
            return p.has_role(*OPERATOR_VIEWERS)
        return p.has_role(*OPERATOR_EDITORS) and p.can_change_operator(operator)

    return gate(request, Operator.objects.select_related("district").filter(pk=operator_id), action=action, can=can)


def sees_job(p: Principal, job) -> bool:
    """A job is seen by the roles its kind names over its station or division (default: the township officer
    and the district officer), and by its starter while they may still start a job of that kind there."""
    kind = job.job_kind
    if kind is None:
        return False
    if job.station is not None and any(p.covers_station(role, job.station) for role in p.roles & kind.viewers):
        return True
    if job.division is not None and (
        (Role.DISTRICT in kind.viewers and job.division.district_id in p.districts())
        or (Role.CITY in kind.viewers and p.has_role(Role.CITY))
    ):
        return True
    return job.started_by_id == p.user.pk and kind.may_start(p, station=job.station, division=job.division)


def job_for(request, job_id, action: str = "view"):
    """The job gate (issue 11 item 7): 404 for a job the user may not see; 403 for a retry by someone who may
    see the job but not start one of its kind."""
    from .models import Job

    def can(p, act, job):
        if act == "retry":
            return job.job_kind.may_start(p, station=job.station, division=job.division)
        return sees_job(p, job)

    return gate(request, Job.objects.select_related("station__township", "station__district", "division",
                                                    "started_by").filter(pk=job_id), action=action, can=can)
