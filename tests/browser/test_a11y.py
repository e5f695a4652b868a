"""Issue 14 (WCAG 2.1 AA, GB/T 37668-2019, 适老化): axe-core on the pages a journey visits, at a desk and on a
phone, in the standard and the large (大字模式) mode; the browser's own font size is honoured; touch targets of
the worker's pages are at least 44 px on a phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .helpers import sign_in

DESK = {"viewport": {"width": 1366, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
WCAG21AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            "resultTypes": ["violations"]}
AXE = Axe()


def violations(page) -> list[str]:
    results = AXE.run(page, options=WCAG21AA).response["violations"]
    return [f"{page.url} {v['id']}: {[(n['target'], n.get('failureSummary', '')[:160]) for n in v['nodes']][:4]}"
            for v in results]


def switch_to_large(page):
    switch = page.locator("header button[name=mode][value=large]")
    menu = page.locator("header .menu-toggle")
    if not switch.is_visible() and menu.is_visible():  # on a phone the switch sits behind the menu button
        menu.click()
    with page.expect_navigation():
        switch.click()
    expect(page.locator("html.large")).to_have_count(1)


def pages_of(world):
    station = world.station("own")
    return {
        "worker": ["/", "/services/my-day/", f"/services/stations/{station.pk}/recipients/",
                   f"/stations/{station.pk}/compliance/"],
        "district": ["/", f"/divisions/{station.district.code}/compliance/"],
    }


@pytest.mark.browser
@pytest.mark.parametrize("screen", [DESK, PHONE], ids=["1366x900", "390x844"])
def test_wcag21aa_axe_finds_no_violation_in_either_mode(live_world, new_context, screen):
    """WCAG 2.1 AA (axe tags wcag2a, wcag2aa, wcag21a, wcag21aa) on sign-in, the disclosure pages, and each
    role's pages, in the standard mode and in 大字模式."""
    found = []
    page = new_context(**screen).new_page()
    for large in (False, True):
        page.goto("/accounts/login/")
        if large:
            switch_to_large(page)
        found += violations(page)
        page.goto("/disclosure/")
        found += violations(page)
    for role, urls in pages_of(live_world).items():
        context = new_context(**screen)
        page = context.new_page()
        sign_in(page, role)
        for large in (False, True):
            if large:
                switch_to_large(page)
            for url in urls:
                page.goto(url)
                found += violations(page)
        context.close()
    assert found == []


def body_font_px(page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")


@pytest.mark.browser
def test_text_follows_the_browsers_font_size_setting_and_the_large_mode(live_world, chromium, live_server):
    """GB/T 37668 / WCAG 1.4.4: the browser's default font size (32 px) makes the body text grow; 大字模式
    gives at least 18 px (1.25x) on top of the browser's size."""
    context = chromium.new_context(base_url=live_server.url, **DESK)
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        standard = body_font_px(page)
        assert standard == 16
        cdp = context.new_cdp_session(page)
        cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 32}})
        page.reload()
        assert body_font_px(page) == 32
        switch_to_large(page)
        assert body_font_px(page) == 40
        cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 16, "fixed": 13}})
        page.reload()
        assert body_font_px(page) == 20
    finally:
        context.close()


TARGETS = """() => [...document.querySelectorAll('a, button, select, input, textarea, summary')]
  .filter(el => el.type !== 'hidden' && el.offsetParent !== null && !el.closest('p'))
  .map(el => {
    const box = (el.type === 'checkbox' || el.type === 'radio') && el.closest('label') ? el.closest('label') : el;
    const r = box.getBoundingClientRect();
    return {what: el.outerHTML.slice(0, 80), w: r.width, h: r.height};
  })
  .filter(t => t.h < 44 || t.w < 44)"""


@pytest.mark.browser
def test_touch_targets_of_the_workers_pages_are_at_least_44px_on_a_phone(live_world, new_context):
    """WCAG 2.5.5 / 适老化: every control and every link outside running text is at least 44x44 px at 390 px."""
    page = new_context(**PHONE).new_page()
    sign_in(page, "worker")
    small = []
    for url in pages_of(live_world)["worker"]:
        page.goto(url)
        small += [(url, t) for t in page.evaluate(TARGETS)]
    assert small == []
