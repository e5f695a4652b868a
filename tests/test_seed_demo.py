"""`seed_demo` is idempotent and gives one working demo login per role."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from stations.models import RoleAssignment, Station

pytestmark = pytest.mark.django_db
ROLES = {"city", "auditor", "district", "township", "worker", "liaison", "supervisor", "assessor"}


def run(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_twice_changes_nothing():
    run()
    counts = (Station.objects.count(), RoleAssignment.objects.count(), Station.history.count())
    run()
    assert counts == (Station.objects.count(), RoleAssignment.objects.count(), Station.history.count())
    assert counts[0] == 162


def test_logins_are_printed_tab_separated_one_per_line():
    run()
    lines = run("--logins").strip().splitlines()
    rows = [line.split("\t") for line in lines]
    assert all(len(row) == 5 for row in rows)
    assert {row[0] for row in rows} == ROLES
    assert sum(row[0] == "district" for row in rows) == 2
    assert sum(row[0] == "township" for row in rows) == 3 and sum(row[0] == "worker" for row in rows) == 3


def test_every_demo_login_signs_in_and_reaches_its_role_page():
    run()
    for role, username, password, scope_code, scope_name in (r.split("\t") for r in run("--logins").split("\n")
                                                              if r):
        client = Client()
        response = client.post("/accounts/login/", {"username": username, "password": password})
        assert response.status_code == 302, username
        home = client.get("/")
        assert home.status_code == 200
        assert role in home.context["principal"].roles
        if role in {"township", "worker", "supervisor", "assessor"}:
            assert scope_name in home.content.decode(), username
        assert scope_code.isdigit() and len(scope_code) == 12


def test_the_first_demo_station_has_a_visible_history():
    run()
    station = Station.objects.get(township__code="330203001000")
    assert station.history.count() >= 2
    assert station.history.first().history_user.username == "township-nanmen"
    # issue 3: its set-up went through the lifecycle, approved by the 海曙 district officer
    assert station.history.filter(status="approved", history_user__username="district-haishu").exists()
