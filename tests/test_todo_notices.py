"""Issue 13 item 2: the to-do list of every role and the in-app notices (lane todo)."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from ningbo_sws.lib.todo import todo
from stations import actions
from stations.access import Principal
from stations.actions_notices import mark_read
from stations.models import Notice, Station, StationStatus
from stations.notices import notify
from tests.stations_setup import set_up

pytestmark = pytest.mark.django_db(transaction=False)


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def returned(world, django_capture_on_commit_callbacks):
    station = set_up(world.station("own"), world.users["township"])
    actions.move_station(actor=world.users["township"], station=station, move="submit", reason="建设完成")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        actions.move_station(actor=world.users["district"], station=station, move="return",
                             reason="活动室面积不足")
    return station


def test_a_station_sent_back_tells_its_township_officer_the_reason(world, django_capture_on_commit_callbacks):
    """Issue 13 item 2: "a station sent back tells its township officer the reason" — a notice, and a to-do."""
    station = returned(world, django_capture_on_commit_callbacks)
    notices = list(Notice.objects.values_list("recipient__username", "text", "url", "actor__username"))
    assert notices == [("township", f"{station.name} was returned for rework: 活动室面积不足",
                        f"/stations/{station.pk}/", "district")]
    with translation.override("en"):
        items = todo.items(Principal(world.users["township"]))
    assert [(i.label, i.count, i.url) for i in items] == [
        ("Unread notices", 1, "/notices/"),
        (f"{station.name} was returned for rework: 活动室面积不足", 1, f"/stations/{station.pk}/"),
    ]


def test_resubmitting_clears_the_returned_item(world, django_capture_on_commit_callbacks):
    station = returned(world, django_capture_on_commit_callbacks)
    actions.move_station(actor=world.users["township"], station=station, move="submit", reason="已补充")
    urls = [i.url for i in todo.items(Principal(world.users["township"]))]
    assert f"/stations/{station.pk}/" not in urls


def test_a_move_rolled_back_leaves_no_notice_and_the_actor_is_not_told(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify([world.users["district"]], text="x", url="/", actor=world.users["district"])
    assert callbacks == []  # only the actor: nobody to tell
    with django_capture_on_commit_callbacks(execute=True):
        notify([world.users["worker"], world.users["worker"].pk], text="见面谈", url="/", actor=world.users["district"])
    assert Notice.objects.filter(recipient=world.users["worker"]).count() == 1


def test_notice_list_shows_own_notices_only_and_marks_them_read(world, client_for,
                                                                 django_capture_on_commit_callbacks):
    """Own notices only: another person's notice is neither shown nor marked read through a forged id."""
    with django_capture_on_commit_callbacks(execute=True):
        notify([world.users["worker"]], text="请补充家访记录", url="/services/my-day/", actor=world.users["township"])
        notify([world.users["liaison"]], text="联络员的通知", url="/", actor=world.users["township"])
    mine = Notice.objects.get(recipient=world.users["worker"])
    theirs = Notice.objects.get(recipient=world.users["liaison"])
    client = english(client_for(world.users["worker"]))
    page = client.get("/").content.decode()
    assert 'id="notice-count"' in page and 'Notices <span class="badge bad">1</span>' in page
    listing = client.get("/notices/").content.decode()
    assert "请补充家访记录" in listing and "联络员的通知" not in listing
    assert client.post("/notices/", {"notice": theirs.pk}).status_code == 302
    theirs.refresh_from_db()
    assert theirs.read_at is None
    response = client.post("/notices/", {"notice": mine.pk})
    assert response.status_code == 302 and response["Location"] == "/services/my-day/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    page = client.get("/").content.decode()
    assert 'Notices <span class="badge bad">' not in page


def test_mark_all_read_touches_only_the_actors_notices(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([world.users["worker"], world.users["township"]], text="t", url="/", actor=world.users["district"])
    assert mark_read(actor=world.users["worker"]) == 1
    assert Notice.objects.unread().get().recipient == world.users["township"]


# The to-do list's cost for each role (issue 13 item 2): the entries the role declares, one query each,
# whatever the number of rows. Written out: a new entry for a role must update its number here.
TODO_QUERIES = {"city": 3, "district": 5, "township": 9, "worker": 4, "supervisor": 1, "assessor": 2,
                "liaison": 1, "auditor": 1}


def todo_queries(user) -> int:
    p = Principal(user)
    with CaptureQueriesContext(connection) as ctx:
        todo.items(p)
    return len(ctx)


@pytest.mark.parametrize("persona", sorted(TODO_QUERIES))
def test_todo_costs_a_fixed_number_of_queries_for_each_role(world, persona, django_capture_on_commit_callbacks):
    few = todo_queries(world.users[persona])
    returned(world, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            notify([world.users[persona]], text="t", url="/", actor=None)
    Station.objects.filter(pk=world.station("other").pk).update(status=StationStatus.SUBMITTED)
    many = todo_queries(world.users[persona])
    assert (few, many) == (TODO_QUERIES[persona], TODO_QUERIES[persona])


def test_every_demo_login_sees_a_todo_item_and_a_notice_on_first_sign_in(db):
    """Issue 13 item 2, demo data: each demo role finds something on its to-do list and a notice waiting."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from stations.demo import LOGINS

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - idempotent: one notice each
    for login in LOGINS:
        user = get_user_model().objects.get(username=login.username)
        assert Notice.objects.filter(recipient=user).unread().count() == 1, login.username
        assert todo.items(Principal(user)), login.username
