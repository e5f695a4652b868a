"""Signing in: the Chinese sign-in page, landing on one's station, and the lock after five wrong passwords."""

import re

import pytest
from playwright.sync_api import expect

from tests.world import PASSWORD, make_user

from .helpers import SIGN_IN, sign_in, station_link


@pytest.mark.browser
def test_anonymous_visitor_is_sent_to_the_chinese_sign_in_page_and_lands_on_their_station_r10(
    live_world, new_context
):
    page = new_context().new_page()

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")  # Chinese whatever the browser asks for
    expect(page.locator("main h1")).to_have_text("登录")  # the project's catalogue (locale/zh_Hans)
    expect(page.locator("main form button[type=submit]")).to_have_text("登录")
    expect(page.locator("label[for=id_username]")).to_contain_text("用户名")  # Django's own catalogue
    expect(page.locator("label[for=id_password]")).to_contain_text("密码")

    sign_in(page, "township")

    expect(page).to_have_url(re.compile(r"/$"))
    # R10: the station is shown under its standard name, <district><township>社会工作站.
    own = live_world.station("own")
    expect(station_link(page, "海曙区南门街道社会工作站", own.get_absolute_url())).to_be_visible()


@pytest.mark.browser
def test_five_wrong_passwords_lock_the_account_even_against_the_right_password(live_world, new_context):
    make_user("locked-out")  # a user of its own: the lock must not spill onto the other journeys' users
    page = new_context().new_page()
    page.goto(SIGN_IN)

    for attempt in range(1, 5):
        sign_in(page, "locked-out", f"wrong-{attempt}")
        expect(page.locator("main .errorlist.nonfield")).to_be_visible()  # "please enter a correct ..."
    sign_in(page, "locked-out", "wrong-5")

    page.goto(SIGN_IN)
    response = sign_in(page, "locked-out", PASSWORD)  # the 6th attempt, with the right password

    assert response.status == 429
    expect(page.locator("main [role=alert] h1")).to_be_visible()
    expect(page.locator("#id_password")).to_have_count(0)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))  # and not signed in
