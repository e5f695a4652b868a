"""Malformed or foreign ids in URLs give 404, never 500; oversized input gives a message, nothing saved."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [
    "/stations/abc/", "/stations/999999/", "/stations/-1/", "/stations/99999999999999999999999/",
    "/divisions/xyz/", "/divisions/330203001000'--/", "/divisions/999999999999/",
    "/access/0/", "/access/abc/revoke/", "/stations/1/assignments/999999/end/",
])
def test_a_malformed_or_unknown_id_is_a_404(world, client_for, url):
    assert client_for(world.users["city"]).get(url).status_code == 404


def test_a_search_too_long_or_odd_is_harmless(world, client_for):
    response = client_for(world.users["city"]).get("/stations/", {"q": "%' OR 1=1 --" * 20, "page": "x"})
    assert response.status_code == 200


def test_an_oversized_grant_form_is_refused_field_by_field(world, client_for):
    response = client_for(world.users["city"]).post("/access/grant/", {
        "username": "u" * 200, "full_name": "名" * 200, "password": "p" * 200, "role": "nonsense",
        "division_code": "1" * 20, "reason": "理" * 300,
    })
    assert response.status_code == 200
    assert {"username", "full_name", "password", "role", "division_code", "reason"} <= set(
        response.context["form"].errors)
