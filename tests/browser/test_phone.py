"""A township officer on a phone: the pages fit a 375 px screen without sideways scrolling or zooming out."""

import pytest
from playwright.sync_api import expect

from .helpers import assert_fits_the_screen, sign_in

PHONE = {"viewport": {"width": 375, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.mark.browser
def test_station_list_and_station_page_fit_a_phone_screen(live_world, new_context, artifacts):
    station = live_world.station("own")
    page = new_context(**PHONE).new_page()

    page.goto("/accounts/login/")
    assert_fits_the_screen(page)
    sign_in(page, "township")
    assert_fits_the_screen(page)

    page.goto("/stations/")
    expect(page.locator("main").get_by_role("link", name=station.name)).to_be_visible()
    assert_fits_the_screen(page)

    page.locator("main").get_by_role("link", name=station.name).tap()
    expect(page.locator("main h1")).to_have_text(station.name)
    assert_fits_the_screen(page)
    page.screenshot(path=artifacts / "phone-station.png", full_page=True)

    page.locator(f"main a[href='/stations/{station.pk}/edit/']").tap()  # the form a township officer fills in
    expect(page.locator("#id_address")).to_be_visible()
    assert_fits_the_screen(page)
