"""Audit: every change to a station is kept with who, when, why and what changed, and shown to those who may
see the station and to the auditor."""

import pytest

pytestmark = pytest.mark.django_db


def edit(client, station, **data):
    form = {"address": station.address, "phone": station.phone, "opened_on": "", "notes": "", "reason": "更新地址"}
    form.update(data)
    return client.post(f"/stations/{station.pk}/edit/", form)


def test_history_shows_who_changed_a_station_and_what_changed(world, client_for):
    station, officer = world.station("own"), world.users["township"]
    response = edit(client_for(officer), station, address="柳汀街225号", phone="0574-87361234", reason="搬迁后更新")
    assert response.status_code == 302
    latest = station.history.first()
    assert latest.history_user == officer
    assert latest.history_change_reason == "搬迁后更新"

    page = client_for(world.users["auditor"]).get(f"/stations/{station.pk}/history/")
    rows = page.context["rows"]
    assert rows[0].who == officer.get_full_name()
    assert rows[0].reason == "搬迁后更新"
    changed = {c.field: (c.old, c.new) for c in rows[0].changes}
    address_label = str(type(station)._meta.get_field("address").verbose_name)
    assert changed[address_label] == ("—", "柳汀街225号")
    assert len(rows) == 2  # the creation and the change
    assert "柳汀街225号" in page.content.decode()


def test_a_change_without_a_reason_is_refused_and_nothing_is_saved(world, client_for):
    station = world.station("own")
    response = edit(client_for(world.users["worker"]), station, address="新地址", reason="")
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    station.refresh_from_db()
    assert station.address == "" and station.history.count() == 1


def test_bad_input_is_refused_with_a_message_naming_the_field(world, client_for):
    station = world.station("own")
    client = client_for(world.users["worker"])
    response = edit(client, station, phone="12345", opened_on="2999-01-01", address="x" * 201)
    errors = response.context["form"].errors
    assert set(errors) >= {"phone", "opened_on", "address"}
    station.refresh_from_db()
    assert station.phone == "" and station.history.count() == 1


def test_role_grants_are_history_tracked_with_the_granting_officer(world):
    assignment = world.assignments["own"]
    record = assignment.history.first()
    assert record.history_user == world.root
    assert record.history_change_reason == "测试"


def test_the_auditor_sees_the_change_log_of_every_tracked_kind(world, client_for):
    client = client_for(world.users["auditor"])
    response = client.get("/audit/changes/?model=stations.station")
    assert response.status_code == 200
    kinds = dict(response.context["models"])
    assert {"stations.station", "stations.roleassignment", "stations.stationuserobjectpermission"} <= set(kinds)
    assert response.context["page"].paginator.count == 3
    assert client.get("/audit/changes/?model=auth.nothing").status_code == 404
