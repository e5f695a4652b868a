"""Guard rails on the station's approval (issue 13 item 3): the submission shows what still fails on the report
card and asks to confirm; the district's decision has no default; every report-card row links to the page where
it is fixed (`ComplianceRule.fix_url`, every registered rule); the station page says how to go from 筹建中 to 运营中."""

import re

import pytest
from django.conf import settings
from django.urls import resolve

from ningbo_sws.lib.compliance import compliance
from stations import actions
from stations.models import Station, StationStatus
from tests.stations_setup import set_up

pytestmark = pytest.mark.django_db


def _en(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def built(world):
    """The own station with site, mode and rooms recorded but no contract, plate photo aside: R15 still fails."""
    return set_up(world.station("own"), world.users["township"])


def test_the_submission_page_lists_the_failing_rules_with_their_fix_links(world, built, client_for):
    page = _en(client_for(world.users["township"])).get(f"/stations/{built.pk}/lifecycle/").content.decode()
    assert 'id="failing-rules"' in page
    assert 'data-rule="R15"' in page  # no contract recorded
    assert f'href="/stations/{built.pk}/contracts/new/"' in page
    assert 'name="confirm"' in page


def test_a_submission_with_failing_rules_is_refused_until_confirmed(world, built, client_for):
    client = _en(client_for(world.users["township"]))
    url = f"/stations/{built.pk}/lifecycle/"
    response = client.post(url, {"move": "submit", "reason": "建设完成"})
    assert response.status_code == 200
    assert "tick to confirm the submission" in response.content.decode()
    assert Station.objects.get(pk=built.pk).status == StationStatus.PLANNING
    assert built.history.filter(status=StationStatus.SUBMITTED).count() == 0  # nothing half-saved
    response = client.post(url, {"move": "submit", "reason": "建设完成", "confirm": "on"})
    assert response.status_code == 302
    assert Station.objects.get(pk=built.pk).status == StationStatus.SUBMITTED


def test_the_refusal_to_submit_unconfirmed_reads_in_chinese(world, built, client_for):
    client = client_for(world.users["township"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.post(f"/stations/{built.pk}/lifecycle/", {"move": "submit", "reason": "建设完成"}).content.decode()
    assert re.search(r'class="errorlist"[^>]*>\s*<li>[^<]*[\u4e00-\u9fff]', page) or "确认" in page


def test_the_district_decision_has_no_default_and_no_choice_is_refused(world, built, client_for):
    station = actions.move_station(actor=world.users["township"], station=built, move="submit", reason="建设完成")
    client = _en(client_for(world.users["district"]))
    url = f"/stations/{station.pk}/lifecycle/"
    page = client.get(url).content.decode()
    select = re.search(r'<select name="move"[^>]*>(.*?)</select>', page, re.S).group(1)
    assert re.findall(r'<option value="([^"]*)" selected', select) == [""]  # only "— choose —" is shown chosen
    assert re.match(r"\s*<option value=\"\"", select)  # the first option is the empty "choose" one
    assert 'id="failing-rules"' in page  # the district sees what still fails before it decides
    response = client.post(url, {"reason": "看过了"})
    assert response.status_code == 200
    assert "Choose a decision: none is taken for you." in response.content.decode()
    response = client.post(url, {"move": "", "reason": "看过了"})
    assert "Choose a decision: none is taken for you." in response.content.decode()
    assert Station.objects.get(pk=station.pk).status == StationStatus.SUBMITTED


def test_every_registered_rule_names_the_page_where_it_is_fixed(world):
    """All apps' rules (R5 … R28) carry a fix_url that resolves to a page of the project."""
    station = world.station("own")
    ids = []
    for rule in compliance.rules:
        url = rule.link(station, year=2026)
        assert url.startswith("/"), rule.rule_id
        resolve(url.split("?")[0])
        ids.append(rule.rule_id)
    for expected in ("R5", "R8", "R9.1", "R10", "R11", "R12", "R15", "R17", "R18", "R19", "R20", "R21", "R22", "R24",
                     "R28"):
        assert expected in ids


def test_each_report_card_row_links_to_its_fix_page(world, built, client_for):
    page = _en(client_for(world.users["township"])).get(f"/stations/{built.pk}/compliance/").content.decode()
    rows = re.findall(r'<tr data-rule="([^"]+)"[^>]*>(.*?)</tr>', page, re.S)
    assert len(rows) == len(compliance.rules)
    for rule_id, row in rows:
        assert 'class="fix-link"' in row, rule_id
    r10 = dict(rows)["R10"]
    assert f'href="/stations/{built.pk}/plate/"' in r10
    r20 = dict(rows)["R20"]
    assert f'href="/staff/stations/{built.pk}/meetings/add/"' in r20


def test_the_station_page_lists_the_steps_from_planning_to_operating(world, client_for):
    station = world.station("own")
    client = _en(client_for(world.users["township"]))
    page = client.get(f"/stations/{station.pk}/").content.decode()
    steps = dict(re.findall(r'<li data-step="(\w+)" data-done="(yes|no)"', page))
    assert steps == {"site": "no", "mode": "no", "rooms": "no", "submit": "no", "approve": "no", "open": "no"}
    set_up(station, world.users["township"])
    page = client.get(f"/stations/{station.pk}/").content.decode()
    steps = dict(re.findall(r'<li data-step="(\w+)" data-done="(yes|no)"', page))
    assert steps == {"site": "yes", "mode": "yes", "rooms": "yes", "submit": "no", "approve": "no", "open": "no"}
    assert "Submit the station to the district for approval." in page
    station = actions.move_station(actor=world.users["township"], station=station, move="submit", reason="建设完成")
    actions.move_station(actor=world.users["district"], station=station, move="approve", reason="同意")
    page = client.get(f"/stations/{station.pk}/").content.decode()
    steps = dict(re.findall(r'<li data-step="(\w+)" data-done="(yes|no)"', page))
    assert steps["approve"] == "yes" and steps["open"] == "no"
    actions.move_station(actor=world.users["township"], station=station, move="open", reason="开始运营")
    assert 'id="opening-steps"' not in client.get(f"/stations/{station.pk}/").content.decode()


def test_a_submission_lacking_site_mode_or_rooms_is_refused_by_the_action_not_asked_to_confirm(world, client_for):
    station = world.station("own")
    client = _en(client_for(world.users["township"]))
    url = f"/stations/{station.pk}/lifecycle/"
    assert 'name="confirm"' not in client.get(url).content.decode()
    page = client.post(url, {"move": "submit", "reason": "提交"}).content.decode()
    assert "the site basis (R8)" in page
    assert Station.objects.get(pk=station.pk).status == StationStatus.PLANNING
