"""Each rule of R8–R11 and R15 with a station that meets it and one that does not, reasons in words."""

import contextlib
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from ningbo_sws.lib.compliance import Status, compliance
from ningbo_sws.lib.figures import Figure, Unit, figures
from stations import actions, queries
from stations.models import Room, Station
from stations.rules import HEADCOUNT
from tests.regulation import cites
from tests.stations_setup import ALL_PARTS, GOOD_ROOMS, make_operator, set_up

pytestmark = pytest.mark.django_db


def findings(station):
    stations = queries.report_stations(Station.objects.filter(pk=station.pk))
    return compliance.evaluate(stations, year=timezone.localdate().year)[station.pk]


@contextlib.contextmanager
def headcount_figure(compute):
    """Stand in for staffing's figure "staffing.social_workers" (R9.1 reads it through the figures registry)."""
    saved = figures.get(HEADCOUNT)
    figures.register(Figure(HEADCOUNT, "headcount", Unit.PEOPLE, compute))
    try:
        yield
    finally:
        if saved is not None:
            figures.register(saved)
        else:
            figures.entries.pop(HEADCOUNT)


@pytest.fixture
def township(world):
    return world.users["township"]


@pytest.fixture
def good(world, township):
    """Station A set up to meet every rule of R8–R11 and R15."""
    operator = make_operator(world.users["district"], district=world.station("own").district)
    return set_up(world.station("own"), township, operator=operator)


def test_a_fully_set_up_station_meets_r8_to_r11_and_r15(good):
    """R8, R9.1–R9.5, R10, R11, R15: all met for the station set up by the book."""
    result = findings(good)
    for rule_id in ("R8", "R9.1", "R9.2", "R9.3", "R9.4", "R9.5", "R10", "R11", "R15"):
        assert result[rule_id].status == Status.MET, (rule_id, result[rule_id].reason)


def test_nothing_recorded_is_not_recorded_rather_than_not_met(world):
    """A new station is 'not recorded' for R8, R9.x, R10, R11, R15: nobody has looked yet."""
    result = findings(world.station("sibling"))
    for rule_id in ("R8", "R9.1", "R9.2", "R9.3", "R9.4", "R9.5", "R10", "R11", "R15"):
        assert result[rule_id].status == Status.NOT_RECORDED, rule_id


def test_r8_site_on_other_ground_is_not_met(world, township):
    """R8: the site must be a social-organisation service centre or a community work station."""
    station = world.station("own")
    actions.record_setup(actor=township, station=station, reason="登记", site_basis="other", site_note="租用商铺",
                         address="某路", operation_mode="", recorded_headcount=None)
    assert findings(station)["R8"].status == Status.NOT_MET
    actions.record_setup(actor=township, station=station, reason="改正", site_basis="community_station",
                         site_note="", address="某路", operation_mode="", recorded_headcount=None)
    assert findings(station)["R8"].status == Status.MET


def test_r9_1_office_needs_5_m2_per_social_worker(good, township):
    """R9.1: 20 m² suffices for 4 social workers, not for 5; the reason gives the figures."""
    assert findings(good)["R9.1"].status == Status.MET
    actions.record_setup(actor=township, station=good, reason="新增社工", site_basis=good.site_basis, site_note="",
                         address=good.address, operation_mode=good.operation_mode, recorded_headcount=5)
    result = findings(good)["R9.1"]
    assert result.status == Status.NOT_MET
    assert "20" in result.reason and "25" in result.reason and cites(result.reason, "R9.1")


def test_r9_1_takes_the_headcount_from_the_registered_figure(good):
    """R9.1: once staffing registers the headcount figure, it wins over the recorded figure (issue 10: a figure,
    not a string-keyed provider)."""
    with headcount_figure(lambda ids, *, year: dict.fromkeys(ids, 6)):
        assert findings(good)["R9.1"].status == Status.NOT_MET  # 20 m² < 30 m²
    with headcount_figure(lambda ids, *, year: dict.fromkeys(ids, 2)):
        assert findings(good)["R9.1"].status == Status.MET


def test_r9_2_case_room_of_8_m2_is_not_met_with_the_reason_in_words(good, township):
    """R9.2: 个案工作室 8 m²，不足 10 m²."""
    case = Room.objects.get(station=good, room_type="case")
    actions.save_room(actor=township, station=good, room=case, reason="重新测量", area=Decimal(8))
    result = findings(good)["R9.2"]
    assert result.status == Status.NOT_MET
    assert "8" in result.reason and "10" in result.reason and cites(result.reason, "R9.2")


def test_r9_2_case_room_without_a_sofa_is_not_met(good, township):
    case = Room.objects.get(station=good, room_type="case")
    actions.save_room(actor=township, station=good, room=case, reason="沙发搬走", sofa=False)
    assert findings(good)["R9.2"].status == Status.NOT_MET


@pytest.mark.parametrize(("room_type", "rule_id", "small"), [("group", "R9.3", 29), ("multi", "R9.4", 59),
                                                               ("archive", "R9.5", 9)])
def test_r9_3_to_r9_5_rooms_below_their_minimum_area_are_not_met(good, township, room_type, rule_id, small):
    """R9.3 ≥ 30 m², R9.4 ≥ 60 m², R9.5 ≥ 10 m²."""
    room = Room.objects.get(station=good, room_type=room_type)
    actions.save_room(actor=township, station=good, room=room, reason="重新测量", area=Decimal(small))
    result = findings(good)[rule_id]
    assert result.status == Status.NOT_MET
    assert cites(result.reason, rule_id)


@pytest.mark.parametrize(("room_type", "rule_id", "field"), [("group", "R9.3", "movable_furniture"),
                                                               ("multi", "R9.4", "sound_system"),
                                                               ("archive", "R9.5", "filing_cabinets"),
                                                               ("office", "R9.1", "office_equipment")])
def test_r9_rooms_missing_their_equipment_are_not_met(good, township, room_type, rule_id, field):
    room = Room.objects.get(station=good, room_type=room_type)
    actions.save_room(actor=township, station=good, room=room, reason="设备缺失", **{field: False})
    assert findings(good)[rule_id].status == Status.NOT_MET


def test_r9_3_a_group_room_may_serve_as_the_multi_function_room(world, township):
    """R9.3: one 80 m² room counts for the group room and the multi-function room."""
    station = world.station("own")
    rooms = [r for r in GOOD_ROOMS if r["room_type"] not in ("group", "multi")]
    rooms.append({"room_type": "group", "also_serves": "multi", "area": Decimal(80), "movable_furniture": True,
                  "tables": True, "multimedia": True, "sound_system": True})
    set_up(station, township, rooms=rooms)
    result = findings(station)
    assert result["R9.3"].status == Status.MET and result["R9.4"].status == Status.MET


def test_r9_5_an_office_may_serve_as_the_archive_room(world, township):
    """R9.5: the archive room may be shared with the office."""
    station = world.station("own")
    rooms = [r for r in GOOD_ROOMS if r["room_type"] not in ("office", "archive")]
    rooms.append({"room_type": "office", "also_serves": "archive", "area": Decimal(20), "office_equipment": True,
                  "filing_cabinets": True})
    set_up(station, township, rooms=rooms)
    result = findings(station)
    assert result["R9.1"].status == Status.MET and result["R9.5"].status == Status.MET


def test_r9_without_a_multi_function_room_is_not_met(world, township):
    """R9.4: a station with rooms but none serving as the multi-function room."""
    station = world.station("own")
    set_up(station, township, rooms=[r for r in GOOD_ROOMS if r["room_type"] != "multi"])
    result = findings(station)["R9.4"]
    assert result.status == Status.NOT_MET and cites(result.reason, "R9.4")


def test_r10_a_plate_with_another_name_is_flagged(world, township):
    """R10: the plate must bear the standard name; a different one is flagged on the card and the page."""
    station = set_up(world.station("own"), township, plate_name="南门社工站")
    assert station.plate_differs
    result = findings(station)["R10"]
    assert result.status == Status.NOT_MET and "南门社工站" in result.reason


def test_r10_a_plate_without_a_photo_or_not_hung_is_not_met(world, township):
    station = set_up(world.station("own"), township, photo=False)
    assert findings(station)["R10"].status == Status.NOT_MET
    actions.record_plate(actor=township, station=station, reason="补拍", plate_name=station.standard_name,
                         plate_hung=False, logo_used=True, photo=None)
    assert cites(findings(station)["R10"].reason, "R10")


def test_r11_purchase_without_an_operator_under_contract_is_not_met(world, township):
    """R11: services purchased, but no operator contracted now."""
    station = set_up(world.station("own"), township, operator=None)
    assert findings(station)["R11"].status == Status.NOT_MET


def test_r11_direct_hiring_is_met(world, township):
    station = set_up(world.station("own"), township, mode="direct")
    assert findings(station)["R11"].status == Status.MET


def test_r15_a_contract_missing_parts_is_incomplete_and_names_them(world, township):
    """R15: a contract without service indicators and liability for breach is incomplete."""
    operator = make_operator(world.users["district"], district=world.station("own").district)
    parts = {"has_scope": True, "has_goals": True, "has_requirements": True, "has_term": True, "has_funding": True}
    station = set_up(world.station("own"), township, operator=operator, parts=parts)
    contract = station.contracts.get()
    assert not contract.is_complete and len(contract.missing_parts) == 2
    result = findings(station)["R15"]
    assert result.status == Status.NOT_MET
    for part in contract.missing_parts:
        assert part in result.reason


def test_r15_an_expired_contract_does_not_count(world, township):
    operator = make_operator(world.users["district"], district=world.station("own").district)
    station = set_up(world.station("own"), township)
    today = timezone.localdate()
    actions.save_contract(actor=township, station=station, reason="旧合同", operator=operator, number="",
                          starts_on=today - datetime.timedelta(days=400), ends_on=today - datetime.timedelta(days=1),
                          amount=Decimal(1), parts={"has_scope": True})
    assert findings(station)["R15"].status == Status.NOT_MET


def test_r15_a_complete_contract_ending_within_60_days_says_so(world, township):
    operator = make_operator(world.users["district"], district=world.station("own").district)
    station = set_up(world.station("own"), township)
    today = timezone.localdate()
    actions.save_contract(actor=township, station=station, reason="签约", operator=operator, number="",
                          starts_on=today - datetime.timedelta(days=300), ends_on=today + datetime.timedelta(days=20),
                          amount=Decimal(1), parts=ALL_PARTS)
    result = findings(station)["R15"]
    assert result.status == Status.MET and "20" in result.reason


def test_r10_the_station_page_flags_a_plate_that_differs_from_the_standard_name(world, township, client_for):
    station = set_up(world.station("own"), township, plate_name="南门社工站")
    page = client_for(world.users["district"]).get(f"/stations/{station.pk}/").content.decode()
    assert "南门社工站" in page and 'class="badge bad"' in page.split('id="plate"')[1].split("</section>")[0]


def test_r9_1_without_any_social_worker_counted_is_not_recorded(good):
    """R9.1: the provider counts no social worker at the station and none is recorded: 5 m² per head cannot be
    judged."""
    Station.objects.filter(pk=good.pk).update(recorded_headcount=None)
    good.refresh_from_db()
    with headcount_figure(lambda ids, *, year: {}):
        assert findings(good)["R9.1"].status == Status.NOT_RECORDED
