"""R18 group work (plan → sessions with attendance → evaluation → closed), community activities and needs surveys."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ningbo_sws.lib.exceptions import ActionError, IllegalTransition
from services import actions
from services.models import CommunityActivity, GroupSession, WorkGroup, today
from tests.services_helpers import project, recipient, villages

STATES = list(WorkGroup.State.values)
# R18 group work, written out (not read from the code's table): a planned group starts or is called off (closed);
# a running group closes with its evaluation; a closed group stays closed.
GROUP_MOVES = {("planned", "running"), ("planned", "closed"), ("running", "closed")}


@pytest.fixture
def group(world):
    proj = project(world, kind="base")
    members = [recipient(world, seq=1, name="组员甲"), recipient(world, seq=2, name="组员乙")]
    return actions.create_group(actor=world.assignments["own"].user, station=world.station("own"), project=proj,
                                title="老年互助小组", goals="建立互助", plan="六节活动", members=members)


def _to(world, group, state):
    worker = world.assignments["own"].user
    if state in ("running", "closed"):
        group = actions.move_group(actor=worker, group=group, to="running", reason="开组")
    if state == "closed":
        group = actions.move_group(actor=worker, group=group, to="closed", reason="结组", evaluation="目标达成")
    return group


@pytest.mark.parametrize(("start", "to"), [(a, b) for a in STATES for b in STATES])
def test_each_group_move_is_allowed_or_refused_by_the_table(world, group, start, to):
    group = _to(world, group, start)
    allowed = (start, to) in GROUP_MOVES
    call = lambda: actions.move_group(actor=world.assignments["own"].user, group=group, to=to,  # noqa: E731
                                      reason="下一步", evaluation="评估")
    if allowed:
        assert call().state == to
    else:
        with pytest.raises(IllegalTransition):
            call()
        assert WorkGroup.objects.get(pk=group.pk).state == start


def test_closing_a_group_needs_its_evaluation(world, group):
    group = _to(world, group, "running")
    with pytest.raises(ActionError) as exc:
        actions.move_group(actor=world.assignments["own"].user, group=group, to="closed", reason="结组")
    assert exc.value.field == "evaluation"


def test_a_session_for_a_closed_group_is_refused_and_nothing_saved(world, group):
    """Bad input: a group session for a closed group."""
    group = _to(world, group, "closed")
    with pytest.raises(ActionError) as exc:
        actions.add_group_session(actor=world.assignments["own"].user, group=group, held_on=today(), topic="x",
                                  notes="x")
    assert exc.value.code == "group_not_running"
    assert not GroupSession.objects.exists()


def test_sessions_are_numbered_with_attendance_of_members_only(world, group):
    group = _to(world, group, "running")
    worker = world.assignments["own"].user
    first, second = group.members.order_by("name")
    s1 = actions.add_group_session(actor=worker, group=group, held_on=today(), topic="相识", notes="破冰",
                                   attended=[first, second], attendance=5)
    s2 = actions.add_group_session(actor=worker, group=group, held_on=today(), topic="分享", notes="回顾",
                                   attended=[first])
    assert (s1.number, s1.attendance, s2.number, s2.attendance) == (1, 5, 2, 1)
    outsider = recipient(world, seq=3)
    with pytest.raises(ActionError):
        actions.add_group_session(actor=worker, group=group, held_on=today(), topic="x", notes="x",
                                  attended=[outsider])


def test_members_come_from_the_station_and_outsiders_cannot_see_the_group(world, group, client_for):
    foreign = recipient(world, "sibling", seq=4)
    with pytest.raises(ActionError):
        actions.set_group_members(actor=world.assignments["own"].user, group=group, members=[foreign],
                                  reason="加人")
    assert client_for(world.users["district"]).get(group.get_absolute_url()).status_code == 404
    assert client_for(world.users["liaison"]).get(group.get_absolute_url()).status_code == 404
    page = client_for(world.users["supervisor"]).get(group.get_absolute_url())
    assert page.status_code == 200 and "组员甲" in page.content.decode()


def test_a_session_through_the_page(world, group, client_for):
    group = _to(world, group, "running")
    member = group.members.first()
    response = client_for(world.users["worker"]).post(reverse("services:session_new", args=[group.pk]), {
        "held_on": today().isoformat(), "topic": "第一节", "attended": [member.pk], "notes": "顺利"})
    assert response.status_code == 302
    assert GroupSession.objects.get().attended.get() == member


def test_a_community_activity_counts_participants_and_names_recipients(world):
    station = world.station("own")
    person = recipient(world, seq=5)
    proj = project(world, kind="featured")
    worker = world.assignments["own"].user
    activity = actions.create_activity(actor=worker, station=station, project=proj, title="邻里节", plan="游园",
                                       held_on=today(), place="广场", participants=80, volunteers=12,
                                       village=villages(station)[0], named=[person])
    assert list(activity.named.all()) == [person]
    with pytest.raises(ActionError) as exc:
        actions.create_activity(actor=worker, station=station, project=proj, title="x", plan="x", held_on=today(),
                                place="x", participants=0, named=[person])
    assert exc.value.field == "participants"
    assert CommunityActivity.objects.count() == 1
    actions.evaluate_activity(actor=worker, activity=activity, evaluation="参与踊跃")
    future = actions.create_activity(actor=worker, station=station, project=proj, title="元宵", plan="x",
                                     held_on=today() + datetime.timedelta(days=10), place="x", participants=0)
    with pytest.raises(ActionError):
        actions.evaluate_activity(actor=worker, activity=future, evaluation="提前写的评估")


def test_a_needs_survey_links_projects_of_its_station_only(world):
    worker = world.assignments["own"].user
    own, foreign = project(world, kind="base"), project(world, "sibling", kind="base")
    survey = actions.create_survey(actor=worker, station=world.station("own"), title="需求调研",
                                   method="questionnaire", sample=100, conducted_on=today(), findings="助餐",
                                   projects=[own])
    assert list(own.surveys.all()) == [survey]
    with pytest.raises(ActionError):
        actions.create_survey(actor=worker, station=world.station("own"), title="x", method="interview",
                              sample=5, conducted_on=today(), findings="x", projects=[foreign])
    with pytest.raises(PermissionDenied):
        actions.create_survey(actor=world.users["district"], station=world.station("own"), title="x",
                              method="interview", sample=5, conducted_on=today(), findings="x")
