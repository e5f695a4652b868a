"""Issue 13 item 4 (phone) and item 5 (print), measured in Debian's chromium: at 390×844 and 1366×900 the
pages fit without sideways scrolling, the phone header is compact with a working menu button, the voucher
form's selects are wide enough to read, and wide tables keep their station column in view."""

import pytest
from playwright.sync_api import expect

from tests.finance_books import open_books

from .helpers import assert_fits_the_screen, sign_in

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}


def header_height(page) -> float:
    return page.evaluate("document.querySelector('header.topbar').getBoundingClientRect().height")


@pytest.mark.browser
@pytest.mark.parametrize("persona", ["worker", "township", "district", "city"])
def test_on_a_phone_the_header_is_compact_and_the_menu_opens(live_world, new_context, artifacts, persona):
    page = new_context(**PHONE).new_page()
    sign_in(page, persona)
    try:
        assert_fits_the_screen(page)
        assert header_height(page) <= 64, header_height(page)  # was 170–240 px with the navigation in four rows
        nav = page.locator("#main-nav")
        expect(nav).to_be_hidden()
        button = page.get_by_role("button", name="菜单")
        expect(button).to_have_attribute("aria-expanded", "false")
        button.tap()
        expect(button).to_have_attribute("aria-expanded", "true")
        expect(nav).to_be_visible()
        assert nav.locator("a").count() >= 2
        link = nav.locator("a").first
        href = link.get_attribute("href")
        with page.expect_navigation():
            link.tap()  # a link of the opened menu works
        assert page.url.endswith(href)
        assert_fits_the_screen(page)
    except AssertionError:
        page.screenshot(path=artifacts / f"layout-phone-{persona}.png", full_page=True)
        raise


@pytest.mark.browser
def test_the_voucher_form_is_usable_at_390_px(live_world, new_context, artifacts):
    books = open_books(live_world.station("own"), worker=live_world.users["worker"],
                       township=live_world.users["township"], budget="")
    page = new_context(**PHONE).new_page()
    sign_in(page, "worker")
    page.goto(f"/finance/books/{books.ledger.pk}/vouchers/new/")
    try:
        assert_fits_the_screen(page)
        widths = page.eval_on_selector_all("table.entries select",
                                           "els => els.map(e => e.getBoundingClientRect().width)")
        assert len(widths) >= 12 and min(widths) >= 120, widths  # was an arrow or two characters wide
        amount = page.locator("#id_entries-0-amount")
        assert amount.bounding_box()["width"] >= 120
    except AssertionError:
        page.screenshot(path=artifacts / "layout-voucher-390.png", full_page=True)
        raise


@pytest.mark.browser
@pytest.mark.parametrize("persona", ["district", "city"])
def test_at_1366_px_the_navigation_keeps_to_one_row_and_pages_fit(live_world, new_context, artifacts, persona):
    page = new_context(**DESKTOP).new_page()
    sign_in(page, persona)
    district = live_world.station("own").district.code
    try:
        links = page.locator("#main-nav a")
        tops = {round(box["y"]) for box in (links.nth(i).bounding_box() for i in range(links.count()))}
        assert len(tops) == 1, tops  # one row
        for url in ("/", "/stations/", f"/divisions/{district}/compliance/", f"/figures/{district}/"):
            page.goto(url)
            assert_fits_the_screen(page)
    except AssertionError:
        page.screenshot(path=artifacts / f"layout-1366-{persona}.png", full_page=True)
        raise


@pytest.mark.browser
def test_a_wide_table_keeps_its_station_column_in_view_while_scrolling(live_world, new_context, artifacts):
    page = new_context(**PHONE).new_page()
    sign_in(page, "district")
    page.goto(f"/divisions/{live_world.station('own').district.code}/compliance/")
    wrap = page.locator(".table-wrap").first
    first_cell = wrap.locator("tbody tr").first.locator("th, td").first
    before = first_cell.bounding_box()["x"]
    wrap.evaluate("el => { el.scrollLeft = 400; }")
    page.wait_for_timeout(100)
    assert wrap.evaluate("el => el.scrollLeft") > 0  # the table does scroll sideways
    assert abs(first_cell.bounding_box()["x"] - before) < 2  # and its station column stays put


@pytest.mark.browser
def test_the_report_card_prints_on_a4_with_its_station_and_print_time_and_no_navigation(live_world, new_context,
                                                                                         tmp_path):
    """Issue 13 item 5: printed through the print stylesheet (chromium's own PDF of the page), read back."""
    import subprocess

    station = live_world.station("own")
    page = new_context(**DESKTOP).new_page()
    sign_in(page, "township")
    page.goto(f"/stations/{station.pk}/compliance/")
    pdf = tmp_path / "card.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    sizes = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in sizes  # pdfinfo names the page size
    assert station.name in text and "打印时间" in text
    assert "退出" not in text and "菜单" not in text  # no sign-out button, no menu
