"""Steps shared by the journeys, done the way a person does them: through the pages, not the test client."""

import re

from playwright.sync_api import Page

from tests.regulation import article_words
from tests.world import PASSWORD

SIGN_IN = "/accounts/login/"


def submit(page: Page):
    """Press the main form's submit button (the top bar has forms of its own: language, sign out).

    Returns the response of the page the form leads to.
    """
    with page.expect_navigation() as navigation:
        page.locator("main form button[type=submit]").first.click()
    return navigation.value


def sign_in(page: Page, username: str, password: str = PASSWORD):
    """Open the sign-in page (unless already on it), fill the form and send it; returns the response."""
    if SIGN_IN not in page.url:
        page.goto(SIGN_IN)
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    return submit(page)


def citing(rule_id: str) -> re.Pattern:
    """A message citing an article: "R8" in English, "第八条" in the Chinese UI (see tests/regulation.py)."""
    return re.compile(f"{re.escape(rule_id)}|{article_words(rule_id)}")


def station_link(page: Page, name: str, url: str):
    """On the start page, the link to a station's own page (`url`), named exactly `name`.

    Other apps' panels on the start page name the station too, linking to their own pages (staffing's
    "Staff at a glance" goes to /staff/stations/<pk>/), so the name alone no longer picks one link: the link
    must carry the name *and* lead to the station's page.
    """
    main = page.locator("main")
    return main.get_by_role("link", name=name, exact=True).and_(main.locator(f"a[href='{url}']"))


def horizontal_overflow(page: Page) -> dict:
    """How wide the document is against the screen, and the first elements that stick out on the right.

    The screen is the viewport the context was given, not `window.innerWidth`: in a mobile context chromium
    widens the layout viewport to fit wide content (zooming out), so `innerWidth` grows with the overflow and
    `scrollWidth <= innerWidth` would hold for a 900 px table on a 375 px phone.
    """
    return page.evaluate(
        """(screen) => {
            const culprits = [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > screen + 1)
                .slice(0, 5)
                .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
                           + ' right=' + Math.round(el.getBoundingClientRect().right));
            return {scrollWidth: document.documentElement.scrollWidth, screen,
                    innerWidth: window.innerWidth, culprits};
        }""",
        page.viewport_size["width"],
    )


def assert_fits_the_screen(page: Page) -> None:
    found = horizontal_overflow(page)
    assert found["scrollWidth"] <= found["screen"] + 1, f"{page.url} scrolls sideways: {found}"
    assert found["innerWidth"] <= found["screen"] + 1, f"{page.url} is zoomed out to fit: {found}"
