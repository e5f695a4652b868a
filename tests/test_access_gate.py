"""R6: the township runs its station, the district guides and supervises its own, the city sees all; deny by
default; 404 for what a user may not see, 403 for what they may see but not change."""

import pytest
from django.core.exceptions import PermissionDenied

from stations import actions
from stations.access import Principal

pytestmark = pytest.mark.django_db


def test_a_worker_gets_404_for_another_stations_pages(world, client_for):
    # The worker of A should have no access to the sibling B's or the other district's C's pages.
    client = client_for(world.users["worker"])
    for relation in ("sibling", "other"):
        station = world.station(relation)
        for url in (f"/stations/{station.pk}/", f"/stations/{station.pk}/edit/", f"/stations/{station.pk}/history/"):
            assert client.get(url).status_code == 404, url
    assert client.get(f"/stations/{world.station('own').pk}/").status_code == 200


def test_a_district_officer_sees_only_their_districts_stations(world, client_for):
    response = client_for(world.users["district"]).get("/stations/")
    names = [s.name for s in response.context["page"].object_list]
    assert world.station("own").name in names and world.station("sibling").name in names
    assert world.station("other").name not in names
    assert all(s.district_id == world.station("own").district_id for s in response.context["page"].object_list)


def test_the_auditor_reads_everything_and_changes_nothing(world, client_for):
    client = client_for(world.users["auditor"])
    station = world.station("other")
    assert client.get(f"/stations/{station.pk}/history/").status_code == 200
    assert client.get(f"/stations/{station.pk}/edit/").status_code == 403
    response = client.post(f"/stations/{station.pk}/edit/", {"address": "改", "reason": "试图修改"})
    assert response.status_code == 403
    assert client.post("/access/grant/", {}).status_code == 403
    station.refresh_from_db()
    assert station.address == ""
    assert station.history.count() == 1


def test_actions_check_permission_too_not_only_views(world):
    with pytest.raises(PermissionDenied):
        actions.update_station(actor=world.users["auditor"], station=world.station("own"), reason="x",
                               address="x", phone="", opened_on=None, notes="")
    with pytest.raises(PermissionDenied):
        actions.update_station(actor=world.users["worker"], station=world.station("sibling"), reason="x",
                               address="x", phone="", opened_on=None, notes="")


def test_r25_a_supervisor_sees_the_assigned_station_through_a_guardian_object_grant(world):
    supervisor, own, sibling = world.users["supervisor"], world.station("own"), world.station("sibling")
    assert supervisor.has_perm("stations.supervise_station", own)  # django-guardian's backend agrees
    assert not supervisor.has_perm("stations.supervise_station", sibling)
    assert list(Principal(supervisor).stations()) == [own]


def test_revoking_a_role_ends_access_at_once(world, client_for):
    worker = world.users["worker"]
    assignment = worker.role_assignments.get()
    actions.revoke_role(actor=world.root, assignment=assignment, reason="离职")
    assert client_for(worker).get(f"/stations/{world.station('own').pk}/").status_code == 404


def test_leaving_the_supervision_team_ends_the_station_assignments(world):
    supervisor = world.users["supervisor"]
    actions.revoke_role(actor=world.root, assignment=supervisor.role_assignments.get(), reason="调离")
    assert not Principal(supervisor).stations().exists()
    assert not supervisor.has_perm("stations.supervise_station", world.station("own"))


def test_a_liaison_sees_the_station_of_their_village_only(world):
    assert list(Principal(world.users["liaison"]).stations()) == [world.station("own")]


def test_a_user_without_any_role_sees_no_station(world, client_for):
    response = client_for(world.users["nobody"]).get("/stations/")
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []


def test_an_inactive_user_holds_no_role(world):
    worker = world.users["worker"]
    worker.is_active = False
    worker.save()
    assert Principal(worker).roles == frozenset()
