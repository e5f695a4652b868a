"""Operators (承接机构): a registry with the GB 32100 credit code; one operator runs several stations (R11, R15).
Contracts ending within 60 days are listed for the township and the district (R15)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ningbo_sws.lib.creditcode import check_character
from ningbo_sws.lib.exceptions import ActionError
from stations import actions
from stations.models import Operator
from tests.stations_setup import ALL_PARTS, make_operator

pytestmark = pytest.mark.django_db


def test_a_district_officer_registers_an_operator_through_the_page(world, client_for):
    first17 = "52330203MJ9000009"
    response = client_for(world.users["district"]).post("/operators/new/", {
        "name": "宁波市海曙区阳光社会工作服务中心", "credit_code": (first17 + check_character(first17)).lower(),
        "legal_representative": "张伟", "contact_person": "李娜", "contact_phone": "0574-87000000",
        "district": world.station("own").district.pk, "reason": "新机构登记"})
    assert response.status_code == 302
    operator = Operator.objects.get()
    assert operator.credit_code == first17 + check_character(first17)  # normalised to capitals
    assert operator.history.first().history_change_reason == "新机构登记"


def test_a_duplicate_credit_code_is_refused(world):
    make_operator(world.users["district"], district=world.station("own").district)
    with pytest.raises(ActionError) as refused:
        make_operator(world.users["district"], name="另一个", district=world.station("own").district)
    assert getattr(refused.value, "field", None) == "credit_code"
    assert Operator.objects.count() == 1


def test_a_worker_cannot_register_operators_and_a_district_only_in_its_own_district(world):
    with pytest.raises(PermissionDenied):
        make_operator(world.users["worker"])
    with pytest.raises(ActionError) as refused:
        make_operator(world.users["district"], district=world.station("other").district)
    assert getattr(refused.value, "field", None) == "district"


def test_one_operator_runs_several_stations(world, client_for):
    operator = make_operator(world.users["district"], district=world.station("own").district)
    today = timezone.localdate()
    for relation in ("own", "sibling"):
        actions.save_contract(actor=world.users["district"], station=world.station(relation), reason="签约",
                              operator=operator, number="", starts_on=today, ends_on=today + datetime.timedelta(365),
                              amount=Decimal(100), parts=ALL_PARTS)
    page = client_for(world.users["district"]).get(f"/operators/{operator.pk}/").content.decode()
    assert world.station("own").name in page and world.station("sibling").name in page
    # the township officer of A sees the operator but only A's contract
    page = client_for(world.users["township"]).get(f"/operators/{operator.pk}/").content.decode()
    assert world.station("own").name in page and world.station("sibling").name not in page
    listing = client_for(world.users["worker"]).get("/operators/").content.decode()
    assert operator.name in listing


def test_contracts_ending_within_60_days_are_listed_for_the_township_and_the_district(world, client_for):
    """R15: a contract ending in 30 days is listed; one ending in 200 days is not."""
    operator = make_operator(world.users["district"], district=world.station("own").district)
    today = timezone.localdate()
    actions.save_contract(actor=world.users["township"], station=world.station("own"), reason="签约",
                          operator=operator, number="SOON", starts_on=today - datetime.timedelta(300),
                          ends_on=today + datetime.timedelta(30), amount=Decimal(100), parts=ALL_PARTS)
    actions.save_contract(actor=world.users["district"], station=world.station("sibling"), reason="签约",
                          operator=operator, number="LATER", starts_on=today - datetime.timedelta(100),
                          ends_on=today + datetime.timedelta(200), amount=Decimal(100), parts=ALL_PARTS)
    for persona in ("township", "district", "city"):
        page = client_for(world.users[persona]).get("/contracts/ending/").content.decode()
        assert world.station("own").name in page, persona
        assert world.station("sibling").name not in page, persona
    assert client_for(world.users["worker"]).get("/contracts/ending/").status_code == 403


def test_the_operator_list_makes_a_fixed_number_of_queries(world, client_for):
    client = client_for(world.users["city"])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/operators/").status_code == 200
        return len(ctx)

    make_operator(world.users["city"])
    few = count()
    for n in range(2, 30):
        first17 = f"5233020{n:02d}J9000001"[:17]
        make_operator(world.users["city"], name=f"机构{n}", first17=first17)
    assert count() == few


def test_the_start_page_of_the_township_lists_its_contract_ending_soon(world, client_for):
    """R15: the township officer's start page names the contract ending within 60 days."""
    today = timezone.localdate()
    actions.save_contract(actor=world.users["township"], station=world.station("own"), reason="签约",
                          operator=None, number="", starts_on=today - datetime.timedelta(300),
                          ends_on=today + datetime.timedelta(10), amount=Decimal(100), parts=ALL_PARTS)
    page = client_for(world.users["township"]).get("/").content.decode()
    assert 'id="contracts-ending"' in page
    assert (today + datetime.timedelta(10)).strftime("%Y-%m-%d") in page
    assert 'id="contracts-ending"' not in client_for(world.users["worker"]).get("/").content.decode()
