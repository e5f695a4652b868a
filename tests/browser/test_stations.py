"""Stations seen and changed through the pages: the township edits its own (R6); others' stations do not exist."""

import re

import pytest
from playwright.sync_api import expect

from stations import actions
from stations.models import Station

from .helpers import sign_in, station_link, submit

OLD_ADDRESS, OLD_PHONE = "海曙区解放南路100号", "0574-87000000"
NEW_ADDRESS, NEW_PHONE = "海曙区开明街88号", "0574-87112233"
REASON = "站点搬迁到新址"


@pytest.mark.browser
def test_township_officer_edits_own_station_and_history_shows_who_what_why_r6(live_world, new_context):
    station = live_world.station("own")
    actions.update_station(actor=live_world.users["district"], station=station, address=OLD_ADDRESS, phone=OLD_PHONE,
                           opened_on=None, notes="", reason="开站登记")
    officer = live_world.users["township"]
    officer.first_name = "王南门"
    officer.save()
    page = new_context().new_page()
    sign_in(page, "township")

    station_link(page, station.name, station.get_absolute_url()).click()
    expect(page).to_have_url(re.compile(rf"/stations/{station.pk}/$"))
    page.locator(f"main a[href='/stations/{station.pk}/edit/']").click()
    expect(page.locator("#id_address")).to_have_value(OLD_ADDRESS)

    # A mistyped phone number: the form says so, and nothing is saved.
    page.fill("#id_address", NEW_ADDRESS)
    page.fill("#id_phone", "12345")
    page.fill("#id_reason", REASON)
    submit(page)
    expect(page).to_have_url(re.compile(rf"/stations/{station.pk}/edit/$"))
    expect(page.locator(".field:has(#id_phone) .errorlist")).to_contain_text("0574-87654321")
    expect(page.locator("#id_address")).to_have_value(NEW_ADDRESS)  # what was typed is kept for the retry
    station.refresh_from_db()
    assert (station.address, station.phone) == (OLD_ADDRESS, OLD_PHONE)
    assert station.history.count() == 2  # created, 开站登记

    page.fill("#id_phone", NEW_PHONE)
    submit(page)

    expect(page).to_have_url(re.compile(rf"/stations/{station.pk}/$"))
    expect(page.locator(".messages li.success")).to_be_visible()
    expect(page.locator("dl.facts").first).to_contain_text(NEW_ADDRESS)
    expect(page.locator("dl.facts").first).to_contain_text(NEW_PHONE)

    page.locator(f"main a[href='/stations/{station.pk}/history/']").click()
    latest = page.locator("main section.card").first
    expect(latest).to_contain_text("王南门")
    expect(latest).to_contain_text(REASON)
    expect(latest.locator("td.change-old", has_text=OLD_ADDRESS)).to_be_visible()
    expect(latest.locator("td.change-new", has_text=NEW_ADDRESS)).to_be_visible()
    expect(latest.locator("td.change-old", has_text=OLD_PHONE)).to_be_visible()
    expect(latest.locator("td.change-new", has_text=NEW_PHONE)).to_be_visible()
    station.refresh_from_db()
    assert (station.address, station.phone) == (NEW_ADDRESS, NEW_PHONE)


@pytest.mark.browser
def test_worker_typing_another_districts_station_url_gets_not_found_r6(live_world, new_context):
    own, other = live_world.station("own"), live_world.station("other")
    page = new_context().new_page()
    sign_in(page, "worker")

    assert page.goto(f"/stations/{own.pk}/").status == 200  # the worker's own station opens
    response = page.goto(f"/stations/{other.pk}/")

    assert response.status == 404
    expect(page.locator("main .card h1")).to_be_visible()
    expect(page.locator("main .card a[href='/']")).to_be_visible()  # a way back to the start page
    assert other.name not in page.content()
    assert Station.objects.filter(pk=other.pk).exists()  # it is there, just not for this worker
