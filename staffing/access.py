"""Who may see and change staffing records, and the gates of staffing's object kinds.

Staff records carry personal details (names, phones, masked ID numbers), so they are seen by those who work
with the station: its township officer and workers, and the supervisors assigned to it (R25). District and
city see figures only (`figures` pages), never the people (DESIGN.md, PIPL: minimum necessary).
"""

from stations.access import gate, station_for
from stations.models import Role

from .models import Meeting, StaffMember, SupervisionSession

STAFF_POLICY = {
    "view": frozenset({Role.TOWNSHIP, Role.WORKER, Role.SUPERVISOR}),
    "change": frozenset({Role.TOWNSHIP, Role.WORKER}),
    # A full ID number is revealed to the responsible entity only, and logged.
    "reveal": frozenset({Role.TOWNSHIP}),
}
SUPERVISION_POLICY = {
    "view": frozenset({Role.TOWNSHIP, Role.WORKER, Role.SUPERVISOR}),
    # Sessions are recorded by the supervisors assigned to the station (R25, R26); the station follows up.
    "record": frozenset({Role.SUPERVISOR}),
    "follow_up": frozenset({Role.TOWNSHIP, Role.WORKER, Role.SUPERVISOR}),
}


def staff_station_for(request, station_id, action: str = "view"):
    """The gate of a station's staffing pages (kind "staff"): 404 outside scope, 403 without the right."""
    return station_for(request, station_id, action, policy=STAFF_POLICY)


def staff_member_for(request, member_id, action: str = "view"):
    """The gate of one staff member (kind "staff_member")."""
    return gate(request, StaffMember.objects.select_related("station__township", "station__district", "operator")
                .filter(pk=member_id), action=action, policy=STAFF_POLICY)


def meeting_for(request, meeting_id, action: str = "view"):
    """The gate of one meeting (kind "meeting")."""
    return gate(request, Meeting.objects.select_related("station__township", "station__district", "recorded_by")
                .filter(pk=meeting_id), action=action, policy=STAFF_POLICY)


def supervision_station_for(request, station_id, action: str = "view"):
    """The gate of a station's supervision pages (kind "supervision")."""
    return station_for(request, station_id, action, policy=SUPERVISION_POLICY)


def session_for(request, session_id, action: str = "view"):
    """The gate of one supervision session (kind "session"): a supervisor sees only assigned stations' sessions."""
    return gate(request, SupervisionSession.objects.select_related(
        "station__township", "station__district", "supervisor").filter(pk=session_id),
        action=action, policy=SUPERVISION_POLICY)
