"""The factories of tests/factories.py make valid records through the actions, with Chinese text (issue 10 item 4:
factory-boy with Faker zh_CN is pinned because the tests use it)."""

import re

import pytest

from stations.models import Division, Role
from tests.factories import (
    AccountFactory,
    CaseFactory,
    RecipientFactory,
    RoleAssignmentFactory,
    StaffMemberFactory,
    StationFactory,
    UserFactory,
    VoucherFactory,
    division,
    worker_of,
)
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_a_user_has_a_chinese_name_and_signs_in_with_the_test_password(client):
    user = UserFactory()
    assert HAN.search(user.first_name) and user.check_password(PASSWORD)
    assert client.post("/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code == 302


def test_a_station_opens_at_a_real_township_and_is_named_by_r10():
    first, second = StationFactory(), StationFactory()
    assert first.township != second.township
    assert first.township.level == Division.Level.TOWNSHIP and first.township.code.startswith("3302")
    assert first.name.endswith("社会工作站") and first.township.name in first.name  # R10: 《区县》《街道》社会工作站
    assert first.history.exists()  # made through the action, with its history


def test_roles_are_granted_through_the_action_at_real_divisions():
    station = StationFactory()
    worker = worker_of(station)
    assert worker == worker_of(station)  # made once
    held = worker.role_assignments.get()
    assert (held.role, held.station, held.history.first().history_change_reason) == (Role.WORKER, station, "授权")
    district = RoleAssignmentFactory(role=Role.DISTRICT, station=None, division=division("330203000000"))
    assert (district.division.name, district.user.role_assignments.count()) == ("海曙区", 1)


def test_people_records_are_valid_and_chinese():
    station = StationFactory()
    person = RecipientFactory(station=station)
    assert HAN.search(person.name) and person.village.parent == station.township
    assert person.id_masked and len(person.id_masked) == 18 and person.birth_date is not None
    member = StaffMemberFactory(station=station)
    assert HAN.search(member.name) and member.station == station
    case = CaseFactory(recipient=person)
    assert case.state == "intake" and case.project.station == station and HAN.search(case.problem)


def test_a_voucher_is_a_draft_with_one_entry_on_a_ring_fenced_account():
    account = AccountFactory()
    voucher = VoucherFactory(account=account)
    assert voucher.status == "draft" and voucher.ledger == account.ledger
    assert [(e.account, str(e.amount)) for e in voucher.entries.all()] == [(account, "100.00")]
    assert VoucherFactory(account=account).ledger == account.ledger  # the same books for the year
