"""Staffing pages make a fixed number of queries whatever the number of people, meetings, sessions or stations."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from staffing import actions
from staffing.models import PostKind, Topic
from stations import actions as station_actions
from stations.models import Division
from tests.staffing_world import person

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return len(ctx)


def add_records(world, station, n):
    worker, supervisor = world.users["worker"], world.users["supervisor"]
    people = [person(station, worker, name=f"社工{i}") for i in range(n)]
    villages = list(station.township.children.order_by("code"))
    today = timezone.localdate()
    for i, member in enumerate(people):
        actions.add_post(actor=worker, station=station, holder=member, kind=PostKind.PROJECT_WORKER, duties="职责",
                         starts_on=datetime.date(2024, 1, 1), reason="任命")
        if i < len(villages):
            actions.add_post(actor=worker, station=station, holder=member, kind=PostKind.LIAISON, duties="联络",
                             village=villages[i], starts_on=datetime.date(2024, 1, 1), reason="任命")
        actions.record_meeting(actor=worker, station=station, held_on=today - datetime.timedelta(days=i),
                               title=f"例会{i}", attendees=people[: i + 1], reason="记录")
        actions.record_training(actor=worker, station=station, held_on=today - datetime.timedelta(days=i),
                                topic="培训", hours=Decimal("2"), trainer="李老师", attendees=people[: i + 1],
                                reason="记录")
        actions.record_session(actor=supervisor, station=station, held_on=today - datetime.timedelta(days=i),
                               hours=Decimal("1"), topics=[Topic.RULES], workers_present=people[: i + 1],
                               notes="意见", reason="督导",
                               action_items=[("行动", member, today + datetime.timedelta(days=3))])


def test_staffing_pages_do_not_grow_with_rows(world, client_for):
    a = world.station("own")
    pages = {
        "worker": [f"/staff/stations/{a.pk}/", f"/staff/stations/{a.pk}/meetings/",
                   f"/staff/stations/{a.pk}/trainings/", f"/supervision/stations/{a.pk}/"],
        "supervisor": ["/supervision/"],
        "district": [f"/figures/{a.district.code}/", "/figures/"],
    }
    add_records(world, a, 2)
    few = {url: count_queries(client_for(world.users[p]), url) for p, urls in pages.items() for url in urls}
    add_records(world, a, 12)
    for township in Division.objects.filter(level=Division.Level.TOWNSHIP, parent=a.district,
                                            station__isnull=True)[:8]:
        station_actions.create_station(actor=world.root, township=township, reason="建站")
    many = {url: count_queries(client_for(world.users[p]), url) for p, urls in pages.items() for url in urls}
    assert few == many
    assert max(many.values()) <= 34, many  # the staff page also checks four report-card rules, and the to-do
