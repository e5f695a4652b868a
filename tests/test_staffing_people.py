"""R5: people on a station's staff, their qualification, their ID number handled as DESIGN.md says, moves
between stations. The worker of 南门 (A) keeps A's staff; the district officer sees figures, never the people."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import translation

from staffing import actions
from staffing.models import CertificateLevel, Degree, EmployerKind, StaffMember
from stations.models import AccessLog
from tests.staffing_world import cites, fresh_id_number, person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the English wording of messages; the pages default to Chinese."""
    with translation.override("en"):
        yield


@pytest.fixture
def a(world):
    return world.station("own")


def test_r5_a_certificate_holder_or_a_degree_is_professional_otherwise_auxiliary(world, a):
    """R5: 助理社会工作师 / 社会工作师 / 高级社会工作师 or a social-work degree = professional."""
    worker = world.users["worker"]
    certified = person(a, worker, certificate_level=CertificateLevel.SENIOR, certificate_number="S123",
                       certificate_date=datetime.date(2020, 6, 1))
    graduate = person(a, worker, degree=Degree.MASTER)
    trained = person(a, worker)
    assert certified.is_professional and graduate.is_professional
    assert not trained.is_professional
    assert trained.category_label == "auxiliary"


def test_the_id_number_is_stored_encrypted_with_a_keyed_hash_and_shown_masked(world, a, client_for):
    number = fresh_id_number()
    member = person(a, world.users["worker"], id_number=number)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM staffing_staffmember WHERE id = %s", [member.pk])
        row = " ".join(str(v) for v in cursor.fetchone())
    assert number not in row
    assert member.id_masked == number[:4] + "*" * 10 + number[-4:]
    page = client_for(world.users["worker"]).get(member.get_absolute_url()).content.decode()
    assert member.id_masked in page and number not in page
    history = " ".join(str(h.__dict__) for h in member.history.all())
    assert number not in history


def test_a_full_reveal_is_a_post_by_the_township_officer_and_is_logged(world, a, client_for):
    """DESIGN.md: every view of a full ID number is logged, in the same transaction as the reveal."""
    number = fresh_id_number()
    member = person(a, world.users["worker"], id_number=number)
    officer = client_for(world.users["township"])
    assert number not in officer.get(f"/staff/people/{member.pk}/reveal-id/").content.decode()
    assert not AccessLog.objects.exists()
    response = officer.post(f"/staff/people/{member.pk}/reveal-id/")
    assert number in response.content.decode()
    entry = AccessLog.objects.get()
    assert (entry.user, entry.action, entry.target_id, entry.station) == (
        world.users["township"], AccessLog.Action.REVEAL_ID, str(member.pk), a)
    # A worker may see the masked number but not reveal it; the district sees no person at all.
    assert client_for(world.users["worker"]).post(f"/staff/people/{member.pk}/reveal-id/").status_code == 403
    assert client_for(world.users["district"]).post(f"/staff/people/{member.pk}/reveal-id/").status_code == 404
    with pytest.raises(PermissionDenied):
        actions.reveal_id_number(actor=world.users["worker"], member=member)
    assert AccessLog.objects.count() == 1


def test_district_and_city_see_figures_not_people(world, a, client_for):
    member = person(a, world.users["worker"], name="欧阳娜娜")
    for persona in ("district", "city"):
        client = client_for(world.users[persona])
        assert client.get(f"/staff/stations/{a.pk}/").status_code == 404
        assert client.get(member.get_absolute_url()).status_code == 404
        figures = client.get(f"/figures/{a.district.code}/").content.decode()
        assert a.name in figures and "欧阳娜娜" not in figures


@pytest.mark.parametrize(("overrides", "field", "article"), [
    ({"certificate_level": CertificateLevel.ASSISTANT, "certificate_number": "",
      "certificate_date": datetime.date(2020, 1, 1)}, "certificate_number", 5),
    ({"phone": "1391234"}, "phone", None),
    ({"phone": "abc"}, "phone", None),
    ({"id_number": "330203199001011235"}, "id_number", None),  # wrong check digit
    ({"id_number": "33020319900101123"}, "id_number", None),  # 17 characters
    ({"employer_kind": EmployerKind.OPERATOR}, "operator", None),  # no operator named
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(world, a, overrides, field, article):
    with pytest.raises(ValidationError) as exc:
        person(a, world.users["worker"], **overrides)
    error = exc.value
    fields = set(error.message_dict) if hasattr(error, "error_dict") else {error.field}
    assert field in fields
    if article:
        assert cites(error, article)
    assert not StaffMember.objects.exists()


def test_the_same_person_cannot_be_put_on_staff_twice(world, a):
    number = fresh_id_number()
    person(a, world.users["worker"], id_number=number)
    with pytest.raises(ValidationError) as exc:
        person(a, world.users["worker"], id_number=number.lower())
    assert a.name in str(exc.value)
    assert StaffMember.objects.count() == 1


def test_only_the_station_keeps_its_staff(world, a):
    for persona in ("district", "city", "supervisor", "liaison"):
        with pytest.raises(PermissionDenied):
            person(a, world.users[persona])
    with pytest.raises(PermissionDenied):
        person(world.station("sibling"), world.users["worker"])
    assert not StaffMember.objects.exists()


def test_a_person_moves_between_stations_and_the_history_keeps_where_they_were(world, a, client_for):
    """R5: a person can move between stations; their history stays."""
    member = person(a, world.users["worker"])
    b = world.station("sibling")
    response = client_for(world.users["worker"]).post(f"/staff/people/{member.pk}/move/", {
        "to_station": b.township.code, "on": "2025-06-01", "reason": "调往江厦"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.station == b
    stations = [h.station_id for h in member.history.order_by("history_date")]
    assert stations == [a.pk, b.pk]
    # The worker of A no longer sees the person; B's worker does.
    assert client_for(world.users["worker"]).get(member.get_absolute_url()).status_code == 404
    assert client_for(world.assignments["sibling"].user).get(member.get_absolute_url()).status_code == 200


def test_the_add_form_puts_a_person_on_staff_and_shows_refusals_in_the_form(world, a, client_for):
    client = client_for(world.users["worker"])
    data = {"name": "黄蓉", "gender": "female", "id_number": fresh_id_number(male=False), "phone": "13812345678",
            "kind": "social_worker", "certificate_level": "assistant", "certificate_number": "",
            "certificate_date": "2021-06-30", "degree": "", "employer_kind": "township", "full_time": "on",
            "reason": "新入职"}
    refused = client.post(f"/staff/stations/{a.pk}/add/", data)
    assert refused.status_code == 200 and cites(refused.content.decode(), 5)
    assert not StaffMember.objects.exists()
    data["certificate_number"] = "A2021000123"
    assert client.post(f"/staff/stations/{a.pk}/add/", data).status_code == 302
    member = StaffMember.objects.get()
    assert member.name == "黄蓉" and member.is_professional
