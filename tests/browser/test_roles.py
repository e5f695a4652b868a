"""The city bureau opens an account and grants a role through the pages; the new person signs in and works."""

import re

import pytest
from playwright.sync_api import expect

from stations.models import Role, RoleAssignment

from .helpers import sign_in, station_link, submit

NEW_USER, NEW_NAME, NEW_PASSWORD = "jiangxia-worker", "李江厦", "Abcd@1234"
OWN_PASSWORD = "Qz7!river-bank"


@pytest.mark.browser
def test_city_officer_opens_an_account_as_worker_of_a_station_and_the_person_signs_in_r6(live_world, new_context):
    sibling = live_world.station("sibling")
    page = new_context().new_page()
    sign_in(page, "city")

    page.locator("header nav a[href='/access/']").click()  # Roles and accounts
    page.locator("main a[href='/access/grant/']").click()  # Grant a role
    page.fill("#id_username", NEW_USER)
    page.fill("#id_full_name", NEW_NAME)
    page.fill("#id_password", NEW_PASSWORD)
    page.select_option("#id_role", Role.WORKER.value)
    page.select_option("#id_station", label=sibling.name)
    page.fill("#id_reason", "新入职社工")
    submit(page)

    expect(page).to_have_url(re.compile(r"/access/\d+/$"))
    expect(page.locator(".messages li.success")).to_be_visible()
    expect(page.locator("main h1")).to_contain_text(NEW_NAME)
    expect(page.locator("dl.facts")).to_contain_text(sibling.name)
    expect(page.locator("dl.facts")).to_contain_text("新入职社工")
    assert RoleAssignment.objects.active().filter(user__username=NEW_USER, role=Role.WORKER,
                                                  station=sibling).count() == 1

    newcomer = new_context().new_page()  # another browser: the new person at their own desk
    sign_in(newcomer, NEW_USER, NEW_PASSWORD)
    # The password the officer set is good for this one sign-in: the person sets their own first (issue 9 item 1).
    expect(newcomer).to_have_url(re.compile(r"/accounts/password/$"))
    newcomer.fill("#id_old_password", NEW_PASSWORD)
    newcomer.fill("#id_new_password1", OWN_PASSWORD)
    newcomer.fill("#id_new_password2", OWN_PASSWORD)
    submit(newcomer)
    expect(newcomer).to_have_url(re.compile(r"^https?://[^/]+/$"))  # the start page, nothing else first
    mine = newcomer.locator("main")
    expect(station_link(newcomer, sibling.name, sibling.get_absolute_url())).to_be_visible()
    expect(mine.get_by_role("link", name=live_world.station("own").name)).to_have_count(0)
