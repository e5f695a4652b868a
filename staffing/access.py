"""Who may see and change staffing records, and the gates of staffing's object kinds.

Staff records carry personal details (names, phones, masked ID numbers), so they are seen by those who work
with the station: its township officer and workers, and the supervisors assigned to it (R25). District and
city see figures only (`figures` pages), never the people (DESIGN.md, PIPL: minimum necessary).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from stations.access import principal
from stations.models import Role, Station

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


def _gate(request, station, action, policy):
    p = principal(request)
    if station is None or not p.can_station("view", station, policy=policy):
        raise Http404
    if action != "view" and not p.can_station(action, station, policy=policy):
        raise PermissionDenied
    return station


def staff_station_for(request, station_id, action: str = "view"):
    """The gate of a station's staffing pages (kind "staff"): 404 outside scope, 403 without the right."""
    station = Station.objects.select_related("township", "district").filter(pk=station_id).first()
    return _gate(request, station, action, STAFF_POLICY)


def staff_member_for(request, member_id, action: str = "view"):
    """The gate of one staff member (kind "staff_member")."""
    member = StaffMember.objects.select_related("station__township", "station__district", "operator").filter(
        pk=member_id).first()
    _gate(request, member and member.station, action, STAFF_POLICY)
    return member


def meeting_for(request, meeting_id, action: str = "view"):
    """The gate of one meeting (kind "meeting")."""
    meeting = Meeting.objects.select_related("station__township", "station__district", "recorded_by").filter(
        pk=meeting_id).first()
    _gate(request, meeting and meeting.station, action, STAFF_POLICY)
    return meeting


def supervision_station_for(request, station_id, action: str = "view"):
    """The gate of a station's supervision pages (kind "supervision")."""
    station = Station.objects.select_related("township", "district").filter(pk=station_id).first()
    return _gate(request, station, action, SUPERVISION_POLICY)


def session_for(request, session_id, action: str = "view"):
    """The gate of one supervision session (kind "session"): a supervisor sees only assigned stations' sessions."""
    session = SupervisionSession.objects.select_related(
        "station__township", "station__district", "supervisor").filter(pk=session_id).first()
    _gate(request, session and session.station, action, SUPERVISION_POLICY)
    return session
