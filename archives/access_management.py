"""Who may see and do what with a station's management systems (R19–R24), the gates of their object kinds and
the lists scoped to a principal.

- Every role that sees the station reads its systems (they hold rules, not people's data): the bureaus guide
  and evaluate them (R27 "internal management"), supervisors guide them (R26), liaisons work by them.
- The station's workers and township officer draft and submit versions; the township officer, the responsible
  entity (R6), approves or sends back — never a version they wrote themselves (four eyes, see the actions).
"""

from stations.access import ALL_ROLES, gate, scoped, station_for
from stations.models import Role, Station

from .models_management import ManagementSystem, RuleVersion

RULES_POLICY = {
    "view": ALL_ROLES,
    "draft": frozenset({Role.TOWNSHIP, Role.WORKER}),
    "approve": frozenset({Role.TOWNSHIP}),
}
# The overview of one's stations (a page without an object): the roles that keep or oversee the systems.
HOME_ROLES = frozenset({Role.CITY, Role.AUDITOR, Role.DISTRICT, Role.TOWNSHIP, Role.WORKER})


def can(p, action: str, station: Station) -> bool:
    return p.can_station(action, station, policy=RULES_POLICY)


def rules_station_for(request, station_id, action: str = "view") -> Station:
    """The gate of a station's systems pages: 404 outside scope, 403 without the right to `action`."""
    return station_for(request, station_id, action, policy=RULES_POLICY)


def system_for(request, station_id, system_id, action: str = "view") -> ManagementSystem:
    """A system of the station named in the URL (another station's system is 404, as outside scope)."""
    return gate(request, ManagementSystem.objects.select_related("station__township", "station__district")
                .filter(pk=system_id, station_id=station_id), action=action, policy=RULES_POLICY)


def version_for(request, station_id, version_id, action: str = "view") -> RuleVersion:
    return gate(request, RuleVersion.objects.select_related(
        "system__station__township", "system__station__district", "written_by", "decided_by",
    ).filter(pk=version_id, system__station_id=station_id), action=action, policy=RULES_POLICY,
        station_of=lambda version: version.system.station)


def visible_systems(p):
    """The management systems of the stations `p` sees (no query until evaluated)."""
    return scoped(ManagementSystem.objects.all(), p, policy=RULES_POLICY)


def visible_rule_versions(p):
    return scoped(RuleVersion.objects.all(), p, policy=RULES_POLICY, station_field="system__station")
