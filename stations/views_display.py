"""The header's switch of the elder-friendly mode (大字模式, issue 14), open to everyone like the language switch."""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ningbo_sws.lib.display import COOKIE_AGE, DISPLAY_COOKIE, LARGE

from .access import rule


@rule("public")
@require_POST
def set_display_mode(request):
    """Turn the large mode on (`mode=large`) or off (anything else) and go back to the page it was asked from."""
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.POST.get("mode") == LARGE:
        response.set_cookie(DISPLAY_COOKIE, LARGE, max_age=COOKIE_AGE, samesite="Lax", httponly=True,
                            secure=request.is_secure())
    else:
        response.delete_cookie(DISPLAY_COOKIE, samesite="Lax")
    return response
