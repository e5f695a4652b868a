"""R12 and R19: posts with written duties and dates; exactly one head and one deputy; a liaison per village."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from staffing import actions
from staffing.models import EmployerKind, Post, PostKind, StaffKind
from staffing.queries import villages_without_liaison
from tests.staffing_world import cites, person

pytestmark = pytest.mark.django_db
START = datetime.date(2025, 1, 1)


@pytest.fixture
def a(world):
    return world.station("own")


def post(world, station, holder, kind, **kw):
    kw.setdefault("duties", "主持站点工作")
    kw.setdefault("starts_on", START)
    return actions.add_post(actor=world.users["worker"], station=station, holder=holder, kind=kind, reason="任命",
                            **kw)


def test_r12_a_second_head_is_refused_while_the_first_holds_the_post(world, a):
    leader = person(a, world.users["worker"], kind=StaffKind.OTHER)
    other = person(a, world.users["worker"], kind=StaffKind.OTHER)
    first = post(world, a, leader, PostKind.HEAD)
    with pytest.raises(ValidationError) as exc:
        post(world, a, other, PostKind.HEAD, starts_on=datetime.date(2025, 6, 1))
    assert cites(exc.value, 12) and leader.name in str(exc.value)
    assert Post.objects.count() == 1
    # Once the first head's post ends, a successor may start the day after.
    actions.end_post(actor=world.users["worker"], post=first, ends_on=datetime.date(2025, 5, 31), reason="调任")
    post(world, a, other, PostKind.HEAD, starts_on=datetime.date(2025, 6, 1))
    assert Post.objects.filter(kind=PostKind.HEAD).count() == 2


def test_r12_a_second_deputy_is_refused(world, a):
    deputy = person(a, world.users["worker"])
    other = person(a, world.users["worker"])
    post(world, a, deputy, PostKind.DEPUTY)
    with pytest.raises(ValidationError) as exc:
        post(world, a, other, PostKind.DEPUTY)
    assert cites(exc.value, 12)
    assert Post.objects.count() == 1


def test_r12_the_head_is_a_township_leader_and_the_deputy_the_operators_head_or_a_social_worker(world, a):
    from stations.models import Operator

    operator = Operator.objects.create(name="乐仁社工", credit_code="91350100M000100Y43")
    hired = person(a, world.users["worker"], employer_kind=EmployerKind.OPERATOR, operator=operator)
    cadre = person(a, world.users["worker"], kind=StaffKind.OTHER)
    with pytest.raises(ValidationError) as exc:
        post(world, a, hired, PostKind.HEAD)
    assert cites(exc.value, 12)
    with pytest.raises(ValidationError):
        post(world, a, cadre, PostKind.DEPUTY)
    post(world, a, hired, PostKind.DEPUTY)
    post(world, a, cadre, PostKind.HEAD)
    assert Post.objects.count() == 2


def test_r19_a_post_ending_before_it_starts_or_without_duties_is_refused(world, a):
    worker = person(a, world.users["worker"])
    with pytest.raises(ValidationError) as exc:
        post(world, a, worker, PostKind.PROJECT_WORKER, ends_on=START - datetime.timedelta(days=1))
    assert "ends_on" in exc.value.message_dict and cites(exc.value, 19)
    with pytest.raises(ValidationError) as exc:
        post(world, a, worker, PostKind.PROJECT_WORKER, duties="  ")
    assert "duties" in exc.value.message_dict
    assert not Post.objects.exists()


def test_a_post_holder_must_be_on_this_stations_staff(world, a):
    stranger = person(world.station("sibling"), world.assignments["sibling"].user)
    with pytest.raises(ValidationError):
        post(world, a, stranger, PostKind.PROJECT_WORKER)
    assert not Post.objects.exists()


def test_r12_a_liaison_names_a_village_of_the_stations_own_township(world, a):
    liaison = person(a, world.users["worker"], kind=StaffKind.OTHER)
    foreign_village = world.station("sibling").township.children.first()
    with pytest.raises(ValidationError) as exc:
        post(world, a, liaison, PostKind.LIAISON, village=foreign_village)
    assert cites(exc.value, 12)
    with pytest.raises(ValidationError):
        post(world, a, liaison, PostKind.LIAISON)
    assert not Post.objects.exists()


def test_r12_the_villages_without_a_liaison_are_listed(world, a, client_for):
    villages = list(a.township.children.order_by("code"))
    assert len(villages) >= 3
    liaison = person(a, world.users["worker"], kind=StaffKind.OTHER)
    post(world, a, liaison, PostKind.LIAISON, village=villages[0])
    missing = villages_without_liaison([a])[a.pk]
    assert villages[0] not in missing and missing == villages[1:]
    client = client_for(world.users["township"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/staff/stations/{a.pk}/").content.decode()
    section = page.rsplit("without a liaison", 1)[1]  # the list under the heading
    assert villages[1].name in section and villages[0].name not in section
    # A liaison who leaves the staff no longer covers the village.
    actions.record_leaving(actor=world.users["worker"], member=liaison, on=timezone.localdate(), reason="离职")
    assert villages[0] in villages_without_liaison([a])[a.pk]


def test_the_post_form_shows_the_refusal_of_a_second_head(world, a, client_for):
    first = person(a, world.users["worker"], kind=StaffKind.OTHER)
    second = person(a, world.users["worker"], kind=StaffKind.OTHER)
    post(world, a, first, PostKind.HEAD)
    response = client_for(world.users["township"]).post(f"/staff/stations/{a.pk}/posts/add/", {
        "holder": second.pk, "kind": "head", "duties": "主持工作", "starts_on": "2025-03-01", "reason": "任命"})
    assert response.status_code == 200 and cites(response.content.decode(), 12)
    assert Post.objects.count() == 1
