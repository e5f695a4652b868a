"""City and district officers grant and revoke roles in the UI, as recorded actions (R6)."""

import pytest
from django.contrib.auth import get_user_model

from stations.models import RoleAssignment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def grant(client, **data):
    form = {"username": "", "full_name": "", "password": "", "role": "worker", "station": "", "division_code": "",
            "reason": "新入职"}
    form.update(data)
    return client.post("/access/grant/", form)


def test_a_district_officer_opens_an_account_and_grants_a_worker_role(world, client_for):
    sibling = world.station("sibling")
    response = grant(client_for(world.users["district"]), username="newbie", full_name="新社工",
                     password="Abcd@1234", station=sibling.pk)
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user__username="newbie")
    assert (assignment.role, assignment.station, assignment.granted_by) == ("worker", sibling,
                                                                             world.users["district"])
    assert assignment.history.first().history_change_reason == "新入职"
    newbie = User.objects.get(username="newbie")
    assert newbie.check_password("Abcd@1234")


def test_a_district_officer_cannot_grant_in_another_district_and_nothing_is_saved(world, client_for):
    client = client_for(world.users["district"])
    response = grant(client, username="outsider", full_name="外区", password="Abcd@1234",
                     role="liaison", division_code="330205001001")
    assert _errors(response) in ({"__all__": ["您无权在此范围内授予该角色。"]},
                                 {"__all__": ["You may not grant this role at this scope."]})
    assert not User.objects.filter(username="outsider").exists()  # the account is not half-made


def test_a_district_officer_cannot_grant_city_roles(world, client_for):
    response = grant(client_for(world.users["district"]), username="worker", role="city",
                     division_code="330200000000")
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(role="city", user=world.users["worker"]).exists()


def test_the_station_list_in_the_grant_form_is_the_officers_district(world, client_for):
    response = client_for(world.users["district"]).get("/access/grant/")
    stations = list(response.context["form"].fields["station"].queryset)
    assert world.station("other") not in stations and world.station("own") in stations


def _errors(response) -> dict[str, list[str]]:
    assert response.status_code == 200
    return {field: [str(m) for m in messages] for field, messages in response.context["form"].errors.items()}


def test_r6_a_role_at_the_wrong_kind_of_scope_is_refused_with_that_reason(world, client_for):
    """Issue 10 item 4: each refusal is the specific error (field and message, in either language), not any."""
    client = client_for(world.users["city"])
    newcomer = UserFactory()  # holds no role, so only the scope can be wrong

    # A district officer's role at a township's code: the scope is the wrong level, said on top of the form.
    response = grant(client, username=newcomer.username, role="district", division_code="330203001000")
    assert _errors(response) in ({"__all__": ["该角色须指定到“区县（市）”级行政区划。"]},
                                 {"__all__": ["This role is held at a division of level “district / county”."]})
    # A worker's role without a station: the role is held at a station.
    response = grant(client, username=newcomer.username, role="worker", division_code="330203001000")
    assert _errors(response) in ({"__all__": ["该角色须指定到社会工作站，请选择社会工作站。"]},
                                 {"__all__": ["This role is held at a station: choose the station."]})
    assert not RoleAssignment.objects.filter(user=newcomer).exists()

    # A code that is not 12 digits: against the code's field.
    response = grant(client, username=newcomer.username, role="liaison", division_code="123")
    assert _errors(response) in ({"division_code": ["区划代码应为12位数字。"]},
                                 {"division_code": ["A division code has 12 digits."]})
    # A new account with a weak first password: against the password's field, and no account is made.
    response = grant(client, username="new2", full_name="新人", role="worker", station=world.station("own").pk,
                     password="weakweak")
    assert _errors(response) in (
        {"password": ["密码须至少包含小写字母、大写字母、数字、符号中的3类字符。"]},
        {"password": ["The password must mix at least 3 kinds of characters: lower case, upper case, digits, "
                      "symbols."]})
    assert not User.objects.filter(username="new2").exists()


def test_revoking_is_recorded_with_a_reason(world, client_for):
    assignment = world.assignments["sibling"]
    client = client_for(world.users["district"])
    assert client.post(f"/access/{assignment.pk}/revoke/", {"reason": ""}).status_code == 200
    response = client.post(f"/access/{assignment.pk}/revoke/", {"reason": "调岗"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.revoked_by == world.users["district"]
    assert assignment.history.first().history_change_reason == "调岗"
    again = client.post(f"/access/{assignment.pk}/revoke/", {"reason": "再次"})
    assert again.status_code == 200 and again.context["form"].non_field_errors()


def test_a_district_officer_assigns_a_supervisor_to_a_station(world, client_for):
    client = client_for(world.users["district"])
    sibling = world.station("sibling")
    response = client.post(f"/stations/{sibling.pk}/assignments/",
                           {"username": "supervisor", "role": "supervisor", "reason": "督导分工"})
    assert response.status_code == 302
    assert world.users["supervisor"].has_perm("stations.supervise_station", sibling)
    # A supervisor of another district's team cannot be assigned here.
    response = client.post(f"/stations/{sibling.pk}/assignments/",
                           {"username": "worker", "role": "supervisor", "reason": "督导分工"})
    assert _errors(response) in ({"__all__": ["worker不是海曙区的督导。"]},
                                 {"__all__": ["worker is not a supervisor of 海曙区."]})
