"""City and district officers grant and revoke roles in the UI, as recorded actions (R6)."""

import pytest
from django.contrib.auth import get_user_model

from stations.models import RoleAssignment

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
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
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


def test_a_role_at_the_wrong_kind_of_scope_is_refused(world, client_for):
    client = client_for(world.users["city"])
    response = grant(client, username="worker", role="district", division_code="330203001000")
    assert "division_code" in response.context["form"].errors or response.context["form"].errors.get("__all__")
    response = grant(client, username="worker", role="liaison", division_code="123")
    assert "division_code" in response.context["form"].errors
    response = grant(client, username="new2", full_name="新人", role="worker", station=world.station("own").pk,
                     password="weakweak")
    assert "password" in response.context["form"].errors
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
    assert response.status_code == 200 and response.context["form"].errors
