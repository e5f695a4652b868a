"""The elder-friendly mode (大字模式, issue 14): larger text and targets, stronger contrast, the same layout.

The choice is a cookie (a year), so it holds on every page, signed in or not, and costs no query; the switch is
a plain form in the header (`stations.views_display.set_display_mode`), so it works without JavaScript.
"""

DISPLAY_COOKIE = "display_mode"
LARGE = "large"
COOKIE_AGE = 365 * 24 * 3600


def large_text(request) -> bool:
    return request.COOKIES.get(DISPLAY_COOKIE) == LARGE


def display(request):
    """Context processor: `large_text` for the base template's `<html class>` and the switch's label."""
    return {"large_text": large_text(request)}
