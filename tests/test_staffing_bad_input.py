"""Staffing: malformed or unknown ids give 404; oversized or wrong input gives a message, nothing saved."""

import pytest

from staffing import actions
from staffing.models import Post, StaffMember
from tests.staffing_world import person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [
    "/staff/stations/999999/", "/staff/stations/99999999999999999999999/", "/staff/people/0/",
    "/staff/people/99999999999999999999999/reveal-id/", "/staff/meetings/999999/", "/supervision/sessions/0/",
    "/figures/abc/", "/figures/999999999999/", "/supervision/teams/xyz/",
])
def test_a_malformed_or_unknown_id_is_a_404(world, client_for, url):
    assert client_for(world.users["township"]).get(url).status_code == 404


def test_a_post_of_another_person_cannot_be_ended_through_this_persons_page(world, client_for):
    a = world.station("own")
    one, two = person(a, world.users["worker"]), person(a, world.users["worker"])
    post = actions.add_post(actor=world.users["worker"], station=a, holder=two, kind="project_worker", duties="x",
                            starts_on="2024-01-01", reason="任命")
    assert client_for(world.users["worker"]).get(f"/staff/people/{one.pk}/posts/{post.pk}/end/").status_code == 404


def test_an_oversized_staff_form_is_refused_field_by_field(world, client_for):
    a = world.station("own")
    response = client_for(world.users["worker"]).post(f"/staff/stations/{a.pk}/add/", {
        "name": "名" * 80, "gender": "x", "id_number": "1" * 30, "phone": "1" * 40, "kind": "boss",
        "certificate_number": "9" * 50, "employer_kind": "none", "reason": "理" * 300,
    })
    assert response.status_code == 200
    assert {"name", "gender", "id_number", "phone", "kind", "certificate_number", "employer_kind", "reason"} <= set(
        response.context["form"].errors)
    assert not StaffMember.objects.exists()


def test_r5_a_changed_qualification_keeps_the_old_one_in_the_history(world, client_for):
    member = person(world.station("own"), world.users["worker"])
    client = client_for(world.users["township"])
    response = client.post(f"/staff/people/{member.pk}/edit/", {
        "phone": "13811112222", "kind": "social_worker", "certificate_level": "social_worker",
        "certificate_number": "B2024001", "certificate_date": "2024-06-30", "degree": "", "employer_kind": "township",
        "full_time": "on", "reason": "取得社会工作师证书"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_professional
    levels = [h.certificate_level for h in member.history.order_by("history_date")]
    assert levels == ["", "social_worker"]
    page = client.get(f"/staff/people/{member.pk}/history/").content.decode()
    assert "取得社会工作师证书" in page
    assert not Post.objects.exists()
