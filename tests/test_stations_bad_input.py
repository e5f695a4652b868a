"""Bad input on the set-up pages: each refused with a message naming the field or the rule, nothing saved."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ningbo_sws.lib.exceptions import ActionError
from stations import actions
from stations.models import Attachment, Contract, Operator, Room
from tests.regulation import cites
from tests.stations_setup import PDF_BYTES, make_operator, png_bytes, upload

pytestmark = pytest.mark.django_db


def room_post(**overrides):
    data = {"room_type": "case", "area": "12", "reason": "登记", "also_serves": ""}
    data.update(overrides)
    return data


@pytest.mark.parametrize("area", ["0", "-5", "abc", "1e9", "NaN", "99999"])
def test_an_area_that_is_zero_negative_absurd_or_not_a_number_is_refused(world, client_for, area):
    """R9: area in m², more than 0 and at most 2000."""
    station = world.station("own")
    response = client_for(world.users["worker"]).post(f"/stations/{station.pk}/rooms/new/", room_post(area=area))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "area" in errors
    assert not Room.objects.filter(station=station).exists()


def test_the_action_refuses_an_absurd_area_too(world):
    with pytest.raises(ValidationError) as refused:
        actions.save_room(actor=world.users["worker"], station=world.station("own"), reason="x", room_type="case",
                          area=Decimal(5000))
    assert "area" in refused.value.error_dict
    assert not Room.objects.exists()


def test_a_case_room_cannot_count_as_the_office(world, client_for):
    """R9: only group ↔ multi-function (R9.3) and archive ↔ office (R9.5) may share a room."""
    station = world.station("own")
    response = client_for(world.users["worker"]).post(f"/stations/{station.pk}/rooms/new/",
                                                      room_post(also_serves="office"))
    assert cites(str(response.context["form"].errors["also_serves"]), "R9.3")
    assert not Room.objects.exists()


def test_a_credit_code_with_a_wrong_check_character_is_refused(world, client_for):
    """GB 32100-2015: the 18th character is a check character."""
    from ningbo_sws.lib.creditcode import check_character

    first17 = "52330203MJ9000001"
    wrong = "0" if check_character(first17) != "0" else "1"
    response = client_for(world.users["district"]).post("/operators/new/", {
        "name": "错误机构", "credit_code": first17 + wrong, "reason": "登记"})
    assert response.status_code == 200
    assert "校验" in str(response.context["form"].errors["credit_code"])  # 最后一位与校验码不符
    assert not Operator.objects.exists()


def test_overlapping_contract_terms_for_one_station_are_refused(world):
    """R15: one station, one contract at a time."""
    township = world.users["township"]
    station = world.station("own")
    operator = make_operator(world.users["district"], district=station.district)
    today = timezone.localdate()
    actions.save_contract(actor=township, station=station, reason="签约", operator=operator, number="",
                          starts_on=today, ends_on=today + datetime.timedelta(days=365), amount=Decimal(1), parts={})
    with pytest.raises(ActionError) as refused:
        actions.save_contract(actor=township, station=station, reason="再签", operator=operator, number="",
                              starts_on=today + datetime.timedelta(days=100),
                              ends_on=today + datetime.timedelta(days=500), amount=Decimal(1), parts={})
    assert refused.value.field == "starts_on" and cites(str(refused.value), "R15")
    assert Contract.objects.count() == 1


def test_a_contract_ending_before_it_starts_is_refused(world, client_for):
    station = world.station("own")
    response = client_for(world.users["township"]).post(f"/stations/{station.pk}/contracts/new/", {
        "starts_on": "2026-06-01", "ends_on": "2026-01-01", "amount": "100", "reason": "签约"})
    assert "ends_on" in response.context["form"].errors
    assert not Contract.objects.exists()


def test_a_file_that_is_not_an_image_is_refused_as_a_photo_and_nothing_is_saved(world, client_for):
    """Judged from the bytes: a PDF named plate.png is not a photo; the plate is not half-saved."""
    station = world.station("own")
    response = client_for(world.users["township"]).post(f"/stations/{station.pk}/plate/", {
        "plate_name": "假名字", "plate_hung": "on", "reason": "登记",
        "photo": upload("plate.png", PDF_BYTES, "image/png")})
    assert response.status_code == 200
    assert "photo" in response.context["form"].errors
    station.refresh_from_db()
    assert station.plate_name == "" and not Attachment.objects.exists()


def test_a_file_over_the_size_limit_is_refused(world, client_for, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    station = world.station("own")
    response = client_for(world.users["worker"]).post(f"/stations/{station.pk}/rooms/new/", {
        **room_post(), "photo": upload("big.png", png_bytes((400, 400)) + b"\0" * 2000, "image/png")})
    assert "1000" in str(response.context["form"].errors["photo"])  # the limit is named
    assert not Room.objects.exists() and not Attachment.objects.exists()


def test_a_damaged_image_is_refused(world):
    with pytest.raises(ActionError):
        actions.save_room(actor=world.users["worker"], station=world.station("own"), reason="x", room_type="case",
                          area=Decimal(12), photo=upload("x.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 10))
    assert not Room.objects.exists()


def test_a_contract_file_must_be_a_pdf(world):
    station = world.station("own")
    with pytest.raises(ActionError) as refused:
        actions.save_contract(actor=world.users["township"], station=station, reason="签约", operator=None,
                              number="", starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31),
                              amount=Decimal(1), parts={}, pdf=upload("c.pdf", png_bytes()))
    assert refused.value.field == "pdf"
    assert not Contract.objects.exists()


def test_an_unknown_lifecycle_move_posted_is_refused(world, client_for):
    station = world.station("own")
    response = client_for(world.users["district"]).post(f"/stations/{station.pk}/lifecycle/",
                                                        {"move": "close", "reason": "关"})
    assert response.status_code == 200 and "move" in response.context["form"].errors
