"""Nothing is fetched from outside (no CDN, no web font, no analytics): the platform runs on an isolated network."""

import pytest
from playwright.sync_api import expect

from .helpers import sign_in


@pytest.mark.browser
def test_no_request_leaves_the_machine_on_a_walk_through_the_pages(live_server, live_world, new_context):
    context = new_context()
    requested = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    station = live_world.station("own")

    sign_in(page, "city")
    for path in ("/", "/stations/", f"/stations/{station.pk}/", f"/stations/{station.pk}/history/",
                 f"/stations/{station.pk}/assignments/", f"/divisions/{station.district.code}/", "/access/",
                 "/access/grant/"):
        response = page.goto(path)
        assert response.status == 200, path
        expect(page.locator("main h1")).to_be_visible()

    assert any(url.endswith(".css") for url in requested), "the style sheet was not seen: is the listener on?"
    outside = [url for url in requested if not url.startswith(live_server.url + "/")]
    assert outside == [], f"requests left the machine: {outside}"
