"""R17 home and phone visits, key-group files overdue for a visit, and the worker's day page (fixed queries)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ningbo_sws.lib.exceptions import ActionError
from services import actions
from services.models import Recipient, ServiceRecord, Visit, today
from tests.services_helpers import case_in, id_number, project, recipient, villages


def test_a_visit_sets_the_next_visit_of_a_key_group_file(world):
    person = recipient(world, seq=1, key_group=True, visit_every_days=30)
    day = today() - datetime.timedelta(days=3)
    actions.record_visit(actor=world.users["worker"], recipient=person, visited_on=day, kind="home",
                         findings="身体尚可，独居", needs="助餐")
    person.refresh_from_db()
    assert person.last_visit_on == day
    assert person.next_visit_due == day + datetime.timedelta(days=30)


def test_a_liaison_records_a_visit_to_a_villager(world, client_for):
    """DESIGN.md: the liaison reports home-visit notes for their village."""
    person = recipient(world, seq=2)
    response = client_for(world.users["liaison"]).post(reverse("services:visit_new", args=[person.pk]), {
        "visited_on": today().isoformat(), "kind": "phone", "findings": "电话问候，情况稳定"})
    assert response.status_code == 302
    assert Visit.objects.get().visitor == world.users["liaison"]


def test_a_visit_in_the_future_is_refused(world):
    person = recipient(world, seq=3)
    with pytest.raises(Exception) as exc:
        actions.record_visit(actor=world.users["worker"], recipient=person,
                             visited_on=today() + datetime.timedelta(days=1), kind="home", findings="x")
    assert "visited_on" in exc.value.message_dict
    assert not Visit.objects.exists()


def test_key_group_recipients_overdue_for_a_visit_are_listed(world, client_for):
    """R17: the worker and the township see who is overdue."""
    overdue = recipient(world, seq=4, name="逾期对象", key_group=True, visit_every_days=7)
    actions.record_visit(actor=world.users["worker"], recipient=overdue,
                         visited_on=today() - datetime.timedelta(days=20), kind="home", findings="x")
    fresh = recipient(world, seq=5, name="刚探访", key_group=True, visit_every_days=30)
    actions.record_visit(actor=world.users["worker"], recipient=fresh, visited_on=today(), kind="home",
                         findings="x")
    recipient(world, seq=6, name="非重点")
    assert Recipient.objects.get(pk=overdue.pk).overdue
    for persona in ("worker", "township"):
        page = client_for(world.users[persona]).get(
            reverse("services:visits_due", args=[world.station("own").pk])).content.decode()
        assert "逾期对象" in page and "刚探访" not in page and "非重点" not in page
    day = client_for(world.users["worker"]).get(reverse("services:my_day")).content.decode()
    assert "逾期对象" in day


def _day_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("services:my_day")).status_code == 200
    return len(ctx.captured_queries)


def test_the_workers_day_makes_a_fixed_number_of_queries(world, client_for):
    worker = world.assignments["own"].user
    client = client_for(worker)
    proj = project(world, kind="base")
    case_in("delivery", world, recipient(world, seq=10, key_group=True, visit_every_days=7), proj)
    few = _day_queries(client)
    for seq in range(11, 31):
        person = recipient(world, seq=seq, key_group=True, visit_every_days=7, responsible_worker=worker)
        case = case_in("delivery", world, person, proj)
        actions.add_service_record(actor=worker, case=case, served_on=today(), minutes=30, kind="counselling",
                                   notes="面谈", next_step="回访", next_due=today())
        if seq % 5 == 0:
            group = actions.create_group(actor=worker, station=world.station("own"), project=proj, title=f"小组{seq}",
                                         goals="x", plan="x", members=[person])
            group = actions.move_group(actor=worker, group=group, to="running", reason="开组")
            actions.add_group_session(actor=worker, group=group, held_on=today(), topic="x", notes="x",
                                      attended=[person])
    many = _day_queries(client)
    assert few == many, (few, many)
    print(f"worker's day: {many} queries")


def test_quick_entry_of_a_service_record_from_the_day_page(world, client_for):
    """A service record in one form: case, kind, minutes, notes (the phone's quick entry)."""
    worker = world.assignments["own"].user
    case = case_in("delivery", world, recipient(world, seq=40), project(world, kind="base"))
    client = client_for(worker)
    page = client.get(reverse("services:my_day")).content.decode()
    assert 'name="case"' in page
    response = client.post(reverse("services:my_day"), {
        "case": case.pk, "kind": "counselling", "minutes": 20, "notes": "电话疏导", "served_on": today().isoformat(),
        "form": "phone"})
    assert response.status_code == 302
    assert ServiceRecord.objects.get().case == case


def test_quick_entry_refuses_a_record_without_kind(world, client_for):
    worker = world.assignments["own"].user
    case = case_in("delivery", world, recipient(world, seq=41), project(world, kind="base"))
    response = client_for(worker).post(reverse("services:my_day"), {
        "case": case.pk, "kind": "", "minutes": 20, "notes": "x", "served_on": today().isoformat(),
        "form": "phone"})
    assert response.status_code == 200 and not ServiceRecord.objects.exists()


def _case_list_queries(client, station):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("services:case_list", args=[station.pk]), {"state": ""}).status_code == 200
    return len(ctx.captured_queries)


def test_the_case_list_makes_a_fixed_number_of_queries(world, client_for):
    client = client_for(world.users["township"])
    station = world.station("own")
    proj = project(world, kind="base")
    case_in("intake", world, recipient(world, seq=50), proj)
    few = _case_list_queries(client, station)
    for seq in range(51, 71):
        case_in("assessment", world, recipient(world, seq=seq), proj)
    many = _case_list_queries(client, station)
    assert few == many, (few, many)
    print(f"case list: {many} queries")


def _figures_queries(client, station):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("services:station_figures", args=[station.pk])).status_code == 200
    return len(ctx.captured_queries)


def test_the_figures_page_makes_a_fixed_number_of_queries(world, client_for):
    worker = world.assignments["own"].user
    client = client_for(world.users["district"])
    proj = project(world, kind="base")
    case = case_in("delivery", world, recipient(world, seq=90), proj)
    few = _figures_queries(client, world.station("own"))
    for seq in range(91, 101):
        case = case_in("delivery", world, recipient(world, seq=seq, groups=["dibao", "disability"]), proj)
        actions.add_service_record(actor=worker, case=case, served_on=today(), minutes=30, kind="resources",
                                   notes="x")
    assert _figures_queries(client, world.station("own")) == few


def test_figures_count_times_and_distinct_people(world, client_for):
    """R4/R17 figures: 人次 vs distinct people, by kind; district sees figures, no names."""
    worker = world.assignments["own"].user
    person = recipient(world, seq=80, name="统计对象")
    case = case_in("delivery", world, person, project(world, kind="base"))
    for kind in ("counselling", "counselling", "resources"):
        actions.add_service_record(actor=worker, case=case, served_on=today(), minutes=30, kind=kind, notes="x")
    response = client_for(world.users["district"]).get(
        reverse("services:station_figures", args=[world.station("own").pk]), {"year": today().year})
    assert response.status_code == 200
    assert response.context["totals"] == {"times": 3, "people": 1}
    assert {r["kind"]: r["times"] for r in response.context["by_kind"]} == {"counselling": 2, "resources": 1}
    assert "统计对象" not in response.content.decode()
    assert {r["group"]: (r["times"], r["people"]) for r in response.context["by_group"]} == {"gugua": (3, 1)}


def test_a_visit_to_a_household_moves_on_its_members_follow_up(world, client_for):
    """R17: a visit to the household (入户探访) counts for each member's key-group file."""
    station = world.station("own")
    home = actions.create_household(actor=world.users["worker"], station=station,
                                    village=villages(station)[0], name="李家", reason="建户")
    grandma = recipient(world, seq=60, key_group=True, visit_every_days=7, household=home, relation="head")
    child = recipient(world, seq=61, key_group=True, visit_every_days=14, household=home, relation="grandchild",
                      id_number=id_number(61, birth="20150101"))
    response = client_for(world.users["liaison"]).post(reverse("services:household_visit_new", args=[home.pk]), {
        "visited_on": today().isoformat(), "kind": "home", "findings": "祖孙二人生活尚可"})
    assert response.status_code == 302
    grandma.refresh_from_db()
    child.refresh_from_db()
    assert grandma.next_visit_due == today() + datetime.timedelta(days=7)
    assert child.next_visit_due == today() + datetime.timedelta(days=14)
    page = client_for(world.users["worker"]).get(grandma.get_absolute_url())
    assert page.context["visits"][0].household == home
    with pytest.raises(ActionError):
        actions.record_visit(actor=world.users["worker"], recipient=grandma, household=home, visited_on=today(),
                             kind="home", findings="x")


def _overview_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("services:figures_overview"))
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_district_and_city_see_figures_per_station_in_fixed_queries_and_no_names(world, client_for):
    """DESIGN.md: district and city see figures only; R17/R18 findings per station."""
    client = client_for(world.users["city"])
    few, _response = _overview_queries(client)
    worker = world.assignments["own"].user
    proj = project(world, kind="base")
    for seq in range(1, 6):
        case = case_in("delivery", world, recipient(world, seq=seq, name=f"名字{seq}"), proj)
        actions.add_service_record(actor=worker, case=case, served_on=today(), minutes=30, kind="resources",
                                   notes="x")
    project(world, "sibling", kind="base")
    many, response = _overview_queries(client)
    assert few == many
    row = next(r for r in response.context["rows"] if r["station"] == world.station("own"))
    assert (row["recipients"]["all"], row["services"]["times"], row["r17"].status) == (5, 5, "not_met")
    assert "名字1" not in response.content.decode()
    district_rows = client_for(world.users["district"]).get(reverse("services:figures_overview")).context["rows"]
    assert {r["station"].district_id for r in district_rows} == {world.station("own").district_id}
    assert client_for(world.users["worker"]).get(reverse("services:figures_overview")).status_code == 403


def test_the_follow_up_level_sets_the_visit_frequency_when_none_is_given(world):
    """REGISTERS.md: high risk weekly, key monthly, general quarterly; an explicit frequency wins."""
    high = recipient(world, seq=70, key_group=True, risk="high")
    general = recipient(world, seq=71, key_group=True, risk="general")
    explicit = recipient(world, seq=72, key_group=True, risk="high", visit_every_days=3)
    assert (high.visit_every_days, general.visit_every_days, explicit.visit_every_days) == (7, 90, 3)
    assert recipient(world, seq=73, risk="high").visit_every_days is None  # no key-group file, no schedule
