"""Receivers that record each sign-in, failure, lockout and sign-out as a `SignInEvent` (issue 13 item 1)."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import SignInEvent

Outcome = SignInEvent.Outcome


def _ip(request) -> str | None:
    if request is None:
        return None
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR") or None


def record(outcome: str, *, request=None, user=None, username: str = "", at=None, ip_address=None) -> SignInEvent:
    """Append one event (the receivers below; the demo gives `at` and `ip_address` itself)."""
    username = (username or (user.get_username() if user is not None else ""))[:150]
    if user is None and username:  # a failure or lockout of an existing account names its person
        user = get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: username}).first()
    extra = {"at": at} if at is not None else {}
    return SignInEvent.objects.create(outcome=outcome, user=user, username=username,
                                      ip_address=ip_address or _ip(request), **extra)


@receiver(user_logged_in, dispatch_uid="stations.signin_event.success")
def _success(sender, request, user, **kwargs):
    record(Outcome.SUCCESS, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="stations.signin_event.signout")
def _signout(sender, request, user, **kwargs):
    if user is not None:
        record(Outcome.SIGNOUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="stations.signin_event.failure")
def _failure(sender, credentials, request=None, **kwargs):
    record(Outcome.FAILURE, request=request, username=str(credentials.get("username") or ""))


@receiver(user_locked_out, dispatch_uid="stations.signin_event.lockout")
def _lockout(sender, request, username=None, ip_address=None, **kwargs):
    record(Outcome.LOCKOUT, request=request, username=str(username or ""))
