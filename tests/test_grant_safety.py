"""Issue 9 item 1 (self-granted access): nobody grants, changes or revokes a role of their own; no bureau role
beside a role that serves people; a first password set by someone else is one-time; every grant and revoke at a
station is shown to its township officer; the Django admin cannot go around the actions."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from stations import actions
from stations.models import PasswordChangeRequired, Role, RoleAssignment
from tests.world import PASSWORD, make_user

pytestmark = pytest.mark.django_db
User = get_user_model()


def grant_form(client, **data):
    form = {"username": "", "full_name": "", "password": "", "role": "worker", "station": "", "division_code": "",
            "reason": "新入职"}
    form.update(data)
    return client.post("/access/grant/", form)


# --- nobody grants, changes or revokes a role of their own ---------------------------------------------------
def test_issue9_item1_a_district_officer_cannot_make_themselves_a_worker_and_reads_no_recipient(world, client_for):
    """The hostile walk: district-haishu posted their own username, role worker, station 1, and read recipients."""
    district = world.users["district"]
    client = client_for(district)
    own = world.station("own")
    response = grant_form(client, username=district.username, station=own.pk, reason="随便")
    assert response.status_code == 200
    assert response.context["form"].errors  # refused with a reason on the form
    assert not RoleAssignment.objects.filter(user=district, role=Role.WORKER).exists()
    assert client.get(f"/services/stations/{own.pk}/recipients/").status_code in (403, 404)


def test_issue9_item1_the_city_cannot_grant_itself_a_role_nor_revoke_its_own(world):
    city = world.users["city"]
    with pytest.raises(ValidationError) as refused:
        actions.grant_role(actor=city, user=city, role=Role.DISTRICT, division=world.station("own").district,
                           reason="自授")
    assert refused.value.field == "user"
    own_city_role = RoleAssignment.objects.get(user=city, role=Role.CITY)
    with pytest.raises(ValidationError) as refused:
        actions.revoke_role(actor=city, assignment=own_city_role, reason="自撤")
    assert refused.value.field == "user"
    own_city_role.refresh_from_db()
    assert own_city_role.revoked_at is None


def test_issue9_item1_an_officer_cannot_assign_themselves_to_a_station(world):
    """The object grants (supervisor/assessor at one station) follow the same rule."""
    root = world.root
    with pytest.raises(ValidationError) as refused:
        actions.assign_station(actor=root, user=root, station=world.station("own"), role=Role.SUPERVISOR,
                               reason="自派")
    assert refused.value.field == "user"


# --- no bureau role beside a serving role -------------------------------------------------------------------
def test_issue9_item1_the_city_cannot_make_a_district_officer_a_worker(world):
    """A bureau role (district) and a serving role (worker) are never held together, whoever grants."""
    with pytest.raises(ValidationError) as refused:
        actions.grant_role(actor=world.root, user=world.users["district"], role=Role.WORKER,
                           station=world.station("own"), reason="兼任")
    assert refused.value.field == "role"
    assert not RoleAssignment.objects.filter(user=world.users["district"], role=Role.WORKER).exists()


@pytest.mark.parametrize(("holds", "asked"), [
    ("worker", Role.AUDITOR), ("township", Role.CITY), ("liaison", Role.DISTRICT), ("supervisor", Role.ASSESSOR),
    ("auditor", Role.SUPERVISOR), ("assessor", Role.LIAISON), ("city", Role.TOWNSHIP),
])
def test_issue9_item1_bureau_and_serving_roles_are_never_held_together(world, holds, asked):
    user = world.users[holds]
    own = world.station("own")
    scope = {
        Role.AUDITOR: {"division": own.district.parent}, Role.CITY: {"division": own.district.parent},
        Role.DISTRICT: {"division": own.district}, Role.ASSESSOR: {"division": own.district},
        Role.SUPERVISOR: {"division": own.district}, Role.TOWNSHIP: {"station": own},
        Role.LIAISON: {"division": RoleAssignment.objects.get(user=world.users["liaison"]).division},
    }[asked]
    with pytest.raises(ValidationError) as refused:
        actions.grant_role(actor=world.root, user=user, role=asked, reason="兼任", **scope)
    assert refused.value.field == "role"


def test_issue9_item1_after_the_serving_role_is_revoked_a_bureau_role_may_be_granted(world):
    worker = world.users["worker"]
    actions.revoke_role(actor=world.root, assignment=RoleAssignment.objects.get(user=worker), reason="调任区局")
    assignment = actions.grant_role(actor=world.root, user=worker, role=Role.DISTRICT,
                                    division=world.station("own").district, reason="调任区局")
    assert assignment.role == Role.DISTRICT


# --- the first password is one-time ------------------------------------------------------------------------
def sign_in(username, password):
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR="10.9.9.9")
    return client, response


def test_issue9_item1_a_new_account_must_set_its_own_password_before_anything_else(world, client_for):
    own = world.station("own")
    response = grant_form(client_for(world.users["district"]), username="newcomer", full_name="新来的",
                          password="Given@2026", station=own.pk)
    assert response.status_code == 302
    newcomer = User.objects.get(username="newcomer")
    assert PasswordChangeRequired.objects.filter(user=newcomer, set_by=world.users["district"]).exists()

    client, response = sign_in("newcomer", "Given@2026")
    assert response.status_code == 302
    for url in ("/", f"/services/stations/{own.pk}/recipients/", f"/stations/{own.pk}/", "/access/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/accounts/password/", url
    assert client.post(f"/services/stations/{own.pk}/recipients/export/").status_code == 302
    assert client.get("/accounts/password/").status_code == 200

    # The password given by the officer may not be kept, and the validators apply.
    same = client.post("/accounts/password/", {"old_password": "Given@2026", "new_password1": "Given@2026",
                                                "new_password2": "Given@2026"})
    assert same.status_code == 200 and same.context["form"].errors
    weak = client.post("/accounts/password/", {"old_password": "Given@2026", "new_password1": "abcdefgh",
                                                "new_password2": "abcdefgh"})
    assert weak.status_code == 200 and {"new_password1", "new_password2"} & set(weak.context["form"].errors)
    assert client.get("/").status_code == 302

    done = client.post("/accounts/password/", {"old_password": "Given@2026", "new_password1": "Mine#2026ok",
                                                "new_password2": "Mine#2026ok"})
    assert done.status_code == 302
    assert not PasswordChangeRequired.objects.filter(user=newcomer).exists()
    assert client.get("/").status_code == 200  # the same session goes on
    assert client.get(f"/services/stations/{own.pk}/recipients/").status_code == 200

    # The officer who set the first password can no longer sign in with it.
    _client, response = sign_in("newcomer", "Given@2026")
    assert response.status_code == 200
    _client, response = sign_in("newcomer", "Mine#2026ok")
    assert response.status_code == 302 and _client.get("/").status_code == 200


def test_issue9_item1_signing_out_is_allowed_with_a_one_time_password(world):
    actions.create_user(actor=world.root, username="fresh", full_name="新人", password="Given@2026")
    client, _response = sign_in("fresh", "Given@2026")
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302 and "/accounts/login/" in client.get("/")["Location"]


def test_issue9_item1_a_password_an_officer_resets_is_one_time_again(world):
    worker = world.users["worker"]
    actions.set_password(actor=world.users["district"], user=worker, password="Reset@2026")
    client, _response = sign_in(worker.username, "Reset@2026")
    assert client.get("/")["Location"] == "/accounts/password/"
    # One's own change clears it.
    actions.set_password(actor=worker, user=worker, password="Mine#2026ok")
    assert not PasswordChangeRequired.objects.filter(user=worker).exists()
    client, _response = sign_in(worker.username, "Mine#2026ok")
    assert client.get("/").status_code == 200


def test_issue9_item1_a_plain_account_signs_in_without_the_detour():
    make_user("plain")
    client, response = sign_in("plain", PASSWORD)
    assert response["Location"] == "/" and client.get("/").status_code == 200


# --- the township officer sees every grant and revoke at the station --------------------------------------
def test_issue9_item1_grants_and_revokes_at_a_station_appear_on_its_township_officers_start_page(world, client_for):
    own = world.station("own")
    district = world.users["district"]
    newcomer = make_user("zhanghua", "张华")
    assignment = actions.grant_role(actor=district, user=newcomer, role=Role.WORKER, station=own, reason="补充人手")
    actions.revoke_role(actor=district, assignment=assignment, reason="试用期满未留用")
    elsewhere = make_user("elsewhere", "李四")
    actions.grant_role(actor=district, user=elsewhere, role=Role.WORKER, station=world.station("sibling"),
                       reason="别的站点")

    page = client_for(world.users["township"]).get("/")
    html = page.content.decode()
    assert 'id="access-changes"' in html
    assert "zhanghua" in html and "补充人手" in html and "试用期满未留用" in html
    assert district.get_full_name() in html
    assert "elsewhere" not in html and "别的站点" not in html  # another station's grants are not shown here
    # The supervisor assigned to the station in the world shows too.
    assert world.grants["own"].user.username in html
    # Others' start pages do not carry the panel.
    assert 'id="access-changes"' not in client_for(world.users["worker"]).get("/").content.decode()


def test_issue9_item1_the_grants_panel_takes_a_fixed_number_of_queries(world, client_for):
    from stations.access import Principal
    from stations.queries import recent_access_changes

    own = world.station("own")
    township = Principal(world.users["township"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            recent_access_changes(township)
        return len(queries)

    before = count()
    for n in range(6):
        actions.grant_role(actor=world.root, user=make_user(f"w{n}"), role=Role.WORKER, station=own, reason="扩编")
    assert count() == before == 2


# --- the Django admin cannot go around the actions -------------------------------------------------------
@pytest.fixture
def superuser_client(db):
    admin = User.objects.create_superuser("admin", "admin@example.com", PASSWORD)
    client = Client()
    client.force_login(admin)
    return client, admin


def test_issue9_item1_the_admin_cannot_add_or_change_role_assignments_or_station_grants(world, superuser_client):
    client, _admin = superuser_client
    assignment = world.assignments["own"]
    grant = world.grants["own"]
    assert client.get("/admin/stations/roleassignment/add/").status_code == 403
    response = client.post("/admin/stations/roleassignment/add/", {
        "user": world.users["district"].pk, "role": "worker", "station": world.station("own").pk})
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(user=world.users["district"], role="worker").exists()
    assert client.post(f"/admin/stations/roleassignment/{assignment.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/stations/stationuserobjectpermission/add/").status_code == 403
    assert client.post(f"/admin/stations/stationuserobjectpermission/{grant.pk}/delete/",
                       {"post": "yes"}).status_code == 403
    assert RoleAssignment.objects.filter(pk=assignment.pk, revoked_at__isnull=True).exists()


def test_issue9_item1_a_password_set_in_the_admin_is_one_time(world, superuser_client):
    client, _admin = superuser_client
    worker = world.users["worker"]
    response = client.post(f"/admin/auth/user/{worker.pk}/password/",
                           {"password1": "Admin@2026set", "password2": "Admin@2026set", "usable_password": "true"})
    assert response.status_code == 302
    assert PasswordChangeRequired.objects.filter(user=worker).exists()
