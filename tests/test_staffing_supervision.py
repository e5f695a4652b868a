"""R25, R26: supervisors of a district's team record sessions at the stations assigned to them, and see those
stations' supervision records and nothing of other stations. (The walker checks every URL the same way.)"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ningbo_sws.lib.exceptions import IllegalTransition
from staffing import actions
from staffing.models import ActionItem, SupervisionSession, SupervisorKind, SupervisorProfile, Topic
from stations import actions as station_actions
from stations.models import Role
from tests.staffing_world import make_staffing_records, person
from tests.world import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def records(world):
    return {rel: make_staffing_records(world, rel) for rel in ("own", "sibling", "other")}


def test_r25_a_supervisor_sees_the_sessions_of_assigned_stations_only(world, records, client_for):
    """R25: the supervisor of 海曙区's team assigned to 南门 (A) sees A's sessions, not 江厦's (same district) nor
    外滩's (another district)."""
    client = client_for(world.users["supervisor"])
    own, sibling, other = (records[r]["session"] for r in ("own", "sibling", "other"))
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(sibling.get_absolute_url()).status_code == 404
    assert client.get(other.get_absolute_url()).status_code == 404
    page = client.get("/supervision/").content.decode()
    assert world.station("own").name in page
    assert world.station("sibling").name not in page and world.station("other").name not in page
    for rel in ("sibling", "other"):
        assert client.get(f"/supervision/stations/{world.station(rel).pk}/").status_code == 404


def test_r25_leaving_the_district_team_ends_the_view_of_its_stations(world, records, client_for):
    supervisor = world.users["supervisor"]
    team = supervisor.role_assignments.get(role=Role.SUPERVISOR)
    station_actions.revoke_role(actor=world.root, assignment=team, reason="离开督导团队")
    assert client_for(supervisor).get(records["own"]["session"].get_absolute_url()).status_code == 404


def test_r25_a_team_member_not_assigned_to_the_station_sees_nothing_of_it(world, records, client_for):
    colleague = make_user("colleague")
    station_actions.grant_role(actor=world.root, user=colleague, role=Role.SUPERVISOR,
                               division=world.station("own").district, reason="加入团队")
    assert client_for(colleague).get(records["own"]["session"].get_absolute_url()).status_code == 404
    with pytest.raises(PermissionDenied):
        actions.record_session(actor=colleague, station=world.station("own"), held_on=timezone.localdate(),
                               hours=Decimal("1"), topics=[Topic.RULES], workers_present=[records["own"]["member"]],
                               notes="-", reason="督导")


def test_r26_only_the_assigned_supervisor_records_a_session_with_r26_topics(world, records):
    a, member = world.station("own"), records["own"]["member"]
    for persona in ("worker", "township", "district"):
        with pytest.raises(PermissionDenied):
            actions.record_session(actor=world.users[persona], station=a, held_on=timezone.localdate(),
                                   hours=Decimal("1"), topics=[Topic.RULES], workers_present=[member], notes="-",
                                   reason="督导")
    with pytest.raises(ValidationError):
        actions.record_session(actor=world.users["supervisor"], station=a, held_on=timezone.localdate(),
                               hours=Decimal("1"), topics=[], workers_present=[member], notes="-", reason="督导")
    with pytest.raises(ValidationError):  # a worker of another station was not present here
        actions.record_session(actor=world.users["supervisor"], station=a, held_on=timezone.localdate(),
                               hours=Decimal("1"), topics=[Topic.RULES], workers_present=[records["sibling"]["member"]],
                               notes="-", reason="督导")
    assert SupervisionSession.objects.filter(station=a).count() == 1  # the one made by the fixture


def test_r26_an_action_item_is_followed_up_through_its_transition_table(world, records):
    item = records["own"]["item"]
    done = actions.follow_up_action_item(actor=world.users["worker"], item=item, status=ActionItem.Status.DONE,
                                         follow_up="已补充", reason="完成")
    assert done.status == ActionItem.Status.DONE
    dropped = actions.add_action_item(actor=world.users["supervisor"], session=records["own"]["session"],
                                      text="另一项", owner=records["own"]["member"],
                                      due_on=timezone.localdate() + datetime.timedelta(days=3), reason="督导")
    actions.follow_up_action_item(actor=world.users["worker"], item=dropped, status=ActionItem.Status.DROPPED,
                                  follow_up="不再需要", reason="取消")
    with pytest.raises(IllegalTransition):
        actions.follow_up_action_item(actor=world.users["worker"], item=dropped, status=ActionItem.Status.OPEN,
                                      follow_up="重开", reason="重开")
    dropped.refresh_from_db()
    assert dropped.status == ActionItem.Status.DROPPED


def test_an_action_is_owned_by_a_worker_of_the_station(world, records):
    with pytest.raises(ValidationError):
        actions.add_action_item(actor=world.users["supervisor"], session=records["own"]["session"], text="x",
                                owner=records["sibling"]["member"], due_on=timezone.localdate(), reason="督导")


def test_r25_the_district_records_whether_a_supervisor_is_internal_or_external(world):
    profile = actions.set_supervisor_profile(actor=world.users["district"], user=world.users["supervisor"],
                                             kind=SupervisorKind.EXTERNAL, organisation="宁波大学", reason="登记")
    assert SupervisorProfile.objects.get().kind == SupervisorKind.EXTERNAL == profile.kind
    other_district = make_user("d2")
    station_actions.grant_role(actor=world.root, user=other_district, role=Role.DISTRICT,
                               division=world.station("other").district, reason="测试")
    with pytest.raises(PermissionDenied):
        actions.set_supervisor_profile(actor=other_district, user=world.users["supervisor"],
                                       kind=SupervisorKind.INTERNAL, reason="登记")


def test_the_session_form_records_a_session(world, client_for):
    a = world.station("own")
    member = person(a, world.users["worker"], name="在场社工")
    client = client_for(world.users["supervisor"])
    response = client.post(f"/supervision/stations/{a.pk}/add/", {
        "held_on": timezone.localdate().isoformat(), "hours": "2.5", "topics": ["needs_research", "project"],
        "workers_present": [member.pk], "notes": "需求调研方法指导", "reason": "督导"})
    assert response.status_code == 302
    session = SupervisionSession.objects.get()
    assert session.topics == ["needs_research", "project"] and session.supervisor == world.users["supervisor"]
    assert "在场社工" in client_for(world.users["township"]).get(session.get_absolute_url()).content.decode()


def test_r25_the_district_team_page_shows_internal_or_external_and_assigned_stations(world, client_for):
    district = world.station("own").district
    client = client_for(world.users["district"])
    response = client.post(f"/supervision/teams/{district.code}/profile/", {
        "username": "supervisor", "kind": "internal", "organisation": "区社工指导中心", "reason": "登记"})
    assert response.status_code == 302
    page = client.get(f"/supervision/teams/{district.code}/").content.decode()
    assert "区社工指导中心" in page and world.station("own").name in page
    assert SupervisorProfile.objects.get(user=world.users["supervisor"]).kind == SupervisorKind.INTERNAL
    # The auditor reads the team but does not keep it; another district's officer sees neither.
    auditor = client_for(world.users["auditor"])
    assert auditor.get(f"/supervision/teams/{district.code}/").status_code == 200
    assert auditor.get(f"/supervision/teams/{district.code}/profile/").status_code == 403
