"""The services pages a station uses every day: the landing panel, a new recipient, a new case (R17, R18)."""

import datetime

from django.urls import reverse

from services import actions
from services.models import Case, Recipient, today
from tests.services_helpers import case_in, id_number, project, recipient, villages


def test_a_worker_files_a_recipient_through_the_form_and_sees_it_masked(world, client_for):
    station = world.station("own")
    client = client_for(world.users["worker"])
    number = id_number(3)
    response = client.post(reverse("services:recipient_new", args=[station.pk]), {
        "name": "周阿姨", "id_number": number, "village": villages(station)[0].pk, "groups": ["living_alone"],
        "consent_given": "on", "key_group": "on", "visit_every_days": 7, "reason": "新建档案"})
    assert response.status_code == 302
    person = Recipient.objects.get()
    assert (person.name, person.consent_given, person.visit_every_days) == ("周阿姨", True, 7)
    listing = client.get(reverse("services:recipient_list", args=[station.pk])).content.decode()
    assert person.id_masked in listing and number not in listing


def test_a_key_group_file_without_frequency_is_refused_on_the_form(world, client_for):
    station = world.station("own")
    response = client_for(world.users["worker"]).post(reverse("services:recipient_new", args=[station.pk]), {
        "name": "x", "id_number": id_number(4), "village": villages(station)[0].pk, "key_group": "on",
        "reason": "新建"})
    assert response.status_code == 200 and "visit_every_days" in response.context["form"].errors
    assert not Recipient.objects.exists()


def test_a_worker_opens_a_case_through_the_form(world, client_for):
    person = recipient(world, seq=5)
    proj = project(world, kind="base")
    response = client_for(world.users["worker"]).post(reverse("services:case_new", args=[person.pk]), {
        "project": proj.pk, "opened_on": today().isoformat(), "source": "visit", "problem": "独居，需要陪伴",
        "risk": "key"})
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.state, case.worker, case.project) == ("intake", world.users["worker"], proj)


def test_the_landing_page_shows_overdue_visits_and_the_supervisors_queue(world, client_for):
    person = recipient(world, seq=6, key_group=True, visit_every_days=7)
    actions.record_visit(actor=world.users["worker"], recipient=person,
                         visited_on=today() - datetime.timedelta(days=20), kind="home", findings="x")
    case = case_in("assessment", world, person, project(world, kind="base"))
    actions.request_review(actor=world.assignments["own"].user, case=case, reason="风险高")
    home = client_for(world.users["township"]).get("/")
    assert home.status_code == 200
    assert reverse("services:visits_due", args=[world.station("own").pk]) in home.content.decode()
    assert 'class="badge bad"' in str(home.context["panels"])  # one key-group visit overdue
    supervisor_home = client_for(world.users["supervisor"]).get("/").content.decode()
    assert reverse("services:case_review", args=[case.pk]) in supervisor_home
    other_supervisor = world.grants["sibling"].user
    assert reverse("services:case_review", args=[case.pk]) not in client_for(other_supervisor).get("/").content.decode()


def test_the_groups_are_a_list_of_checkboxes_that_works_on_a_phone(world, client_for):
    page = client_for(world.users["worker"]).get(
        reverse("services:recipient_new", args=[world.station("own").pk])).content.decode()
    start = page.index('<fieldset class="checklist">')
    block = page[start: page.index("</fieldset>", start)]
    assert block.count('type="checkbox"') == 16 and 'name="groups"' in block
    assert 'name="viewport"' in page


def test_date_inputs_carry_iso_dates_so_the_browser_accepts_them(world, client_for):
    """An <input type=date> with 2026/1/2 (the Chinese display format) is empty to the browser: the form would
    not send. The day page's quick entry carries today as YYYY-MM-DD."""
    case_in("delivery", world, recipient(world, seq=9), project(world, kind="base"))
    page = client_for(world.assignments["own"].user).get(reverse("services:my_day")).content.decode()
    assert f'name="served_on" value="{today().isoformat()}"' in page
