"""The set-up lifecycle: planning → submitted → approved (by the district) → operating → suspended → closed.
Each move an action with who and why in the history; the allowed moves are the table `Station.workflow`."""

import pytest
from django.core.exceptions import PermissionDenied

from ningbo_sws.lib.exceptions import IllegalTransition
from stations import actions
from stations.models import Station, StationStatus
from tests.regulation import cites
from tests.stations_setup import set_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(world):
    station = set_up(world.station("own"), world.users["township"])
    return actions.move_station(actor=world.users["township"], station=station, move="submit", reason="建设完成")


def test_a_district_officer_approves_a_submitted_station_and_the_history_shows_it(world, submitted, client_for):
    district = world.users["district"]
    district.first_name = "海曙审批人"
    district.save()
    station = actions.move_station(actor=district, station=submitted, move="approve", reason="实地查看合格")
    assert station.status == StationStatus.APPROVED
    record = station.history.order_by("-history_date", "-history_id").first()
    assert record.history_user == district and record.history_change_reason == "实地查看合格"
    page = client_for(world.users["township"]).get(f"/stations/{station.pk}/history/").content.decode()
    assert "海曙审批人" in page and "实地查看合格" in page


@pytest.mark.parametrize("persona", ["township", "worker", "city", "supervisor"])
def test_nobody_but_the_district_officer_approves(world, submitted, persona):
    with pytest.raises(PermissionDenied):
        actions.move_station(actor=world.users[persona], station=submitted, move="approve", reason="我来批")
    assert Station.objects.get(pk=submitted.pk).status == StationStatus.SUBMITTED


def test_a_district_officer_of_another_district_cannot_approve(world):
    other = world.station("other")
    with pytest.raises(PermissionDenied):
        actions.move_station(actor=world.users["district"], station=other, move="approve", reason="越权")


def test_the_approve_page_refuses_the_township_officer_and_the_worker(world, submitted, client_for):
    url = f"/stations/{submitted.pk}/lifecycle/"
    assert client_for(world.users["worker"]).post(url, {"move": "approve", "reason": "x"}).status_code == 403
    response = client_for(world.users["township"]).post(url, {"move": "approve", "reason": "x"})
    assert response.status_code == 200  # the township's page offers no such step: the form refuses it
    assert Station.objects.get(pk=submitted.pk).status == StationStatus.SUBMITTED
    response = client_for(world.users["district"]).post(url, {"move": "approve", "reason": "同意"})
    assert response.status_code == 302
    assert Station.objects.get(pk=submitted.pk).status == StationStatus.APPROVED


def test_a_move_the_lifecycle_does_not_allow_is_refused_with_a_message(world):
    """planning → approved skips the submission: IllegalTransition, nothing saved."""
    station = world.station("own")
    with pytest.raises(IllegalTransition) as refused:
        actions.move_station(actor=world.users["district"], station=station, move="approve", reason="直接批")
    assert refused.value.field == "move"
    assert Station.objects.get(pk=station.pk).status == StationStatus.PLANNING
    assert station.history.count() == 1


def test_submitting_needs_site_mode_and_rooms(world):
    """R8, R9, R11 recorded before a station goes to the district."""
    station = world.station("own")
    with pytest.raises(IllegalTransition) as refused:
        actions.move_station(actor=world.users["township"], station=station, move="submit", reason="提交")
    assert cites(str(refused.value), "R8") and cites(str(refused.value), "R11")


def test_the_whole_lifecycle_and_back(world, submitted):
    district, township = world.users["district"], world.users["township"]
    actions.move_station(actor=district, station=submitted, move="approve", reason="同意")
    station = actions.move_station(actor=township, station=submitted, move="open", reason="开始运营")
    assert station.status == StationStatus.OPERATING and station.opened_on is not None
    actions.move_station(actor=district, station=station, move="suspend", reason="整改")
    actions.move_station(actor=district, station=station, move="resume", reason="整改完成")
    station = actions.move_station(actor=district, station=station, move="close", reason="撤并")
    assert station.status == StationStatus.CLOSED
    with pytest.raises(IllegalTransition):
        actions.move_station(actor=district, station=station, move="resume", reason="重开")
    reasons = list(station.history.values_list("history_change_reason", flat=True))
    for reason in ("建设完成", "同意", "开始运营", "整改", "整改完成", "撤并"):
        assert reason in reasons


def test_the_lifecycle_table_is_data_on_the_model():
    """Every move names its sources, target and roles; approval is the district's alone."""
    assert Station.workflow.moves["approve"].roles == frozenset({"district"})
    assert Station.workflow.moves["submit"].roles == frozenset({"township"})
    targets = {m.target for m in Station.workflow}
    assert set(StationStatus.values) - {StationStatus.PLANNING} <= targets | {StationStatus.PLANNING}
