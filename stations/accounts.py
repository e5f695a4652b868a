"""One-time passwords (issue 9 item 1): an account whose password someone else set (a new account, a reset)
signs in once with it and must then set its own before it reaches anything else.

The flag is the row `PasswordChangeRequired`; at sign-in it is copied into the session, so the middleware asks the
session, not the database, on every request. Changing the password ends the session's other copies anyway
(Django's session hash), so a flag set while someone is signed in takes hold at their next sign-in.
"""

import datetime
import time

from axes.helpers import get_client_ip_address
from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from .models import PasswordChangeRequired

SESSION_KEY = "must_change_password"
# What a person with a one-time password may still open: the page that changes it, and signing out.
EXEMPT_URL_NAMES = frozenset({"password_change", "logout", "set_language"})


@receiver(user_logged_in, dispatch_uid="stations.one_time_password")
def _copy_flag_into_session(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if PasswordChangeRequired.objects.filter(user=user).exists():
        request.session[SESSION_KEY] = True
    else:
        request.session.pop(SESSION_KEY, None)


class OneTimePasswordMiddleware:
    """Send a person still holding a one-time password to the change-password page, whatever they ask for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(request, "session", None) or not request.session.get(SESSION_KEY):
            return None
        if not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.url_name in EXEMPT_URL_NAMES and not match.namespace:
            return None
        return redirect(reverse("password_change"))


def clear_flag(request) -> None:
    request.session.pop(SESSION_KEY, None)


def address_locked(request) -> bool:
    """Issue 15 item 3: an address is locked when LOGIN_ADDRESS_FAILURE_LIMIT sign-ins failed from it, for any
    accounts, within the cool-off time (30 minutes) — password spraying, not one person's typing errors."""
    since = timezone.now() - datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    ip = get_client_ip_address(request)
    return bool(ip) and (AccessFailureLog.objects.filter(ip_address=ip, attempt_time__gte=since)
                         .count() >= settings.LOGIN_ADDRESS_FAILURE_LIMIT)


# --- session limits (issue 15 item 3) -----------------------------------------------------------------------------
SIGNED_IN_AT = "signed_in_at"


@receiver(user_logged_in, dispatch_uid="stations.session_start")
def _note_sign_in_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = int(time.time())


class SessionLimitsMiddleware:
    """A session ends 12 hours after sign-in whatever the activity (SESSION_ABSOLUTE_SECONDS), and an
    administrator's (staff: the Django admin) after 15 idle minutes instead of 30 (SESSION_ADMIN_IDLE_SECONDS).
    Ending it flushes the session row on the server, as signing out does."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            if started is None or time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(f"{reverse('login')}?next={request.path}")
            if user.is_staff:
                request.session.set_expiry(settings.SESSION_ADMIN_IDLE_SECONDS)
        return self.get_response(request)
