"""Sign-in events (issue 13 item 1): every sign-in, failed attempt, lockout and sign-out, kept append-only.

django-axes keeps failures only until the next success (`AXES_RESET_ON_SUCCESS`); this log keeps them all, for the
auditor. Rows are never changed or deleted: `save()` refuses an update, `delete()` refuses, and on PostgreSQL a
trigger refuses UPDATE and DELETE from any client.

Ready for a hash chain (issue 15 item 5): each row's content is fixed at insert (`canonical()` spells it, every
column but `digest`), rows are ordered by `id`, and `digest` (empty today) is where the hash over the content and
the previous row's digest will go. Adding it later fills one column; it reshapes nothing.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class SignInEvent(models.Model):
    class Outcome(models.TextChoices):
        SUCCESS = "success", _("signed in")
        FAILURE = "failure", _("sign-in failed")
        LOCKOUT = "lockout", _("locked out")
        SIGNOUT = "signout", _("signed out")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("user"))
    username = models.CharField(_("username tried"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    digest = models.CharField(_("digest"), max_length=64, blank=True, editable=False)  # issue 15 item 5

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("sign-in event")
        verbose_name_plural = _("sign-in events")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.outcome} {self.username}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError(gettext("The sign-in log is append-only."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(gettext("The sign-in log is append-only."))

    def canonical(self) -> str:
        """The row's content as the hash chain will read it: fixed field order, UTC time in ISO form."""
        return "|".join([self.at.astimezone(datetime.UTC).isoformat(), self.outcome, str(self.user_id or ""),
                         self.username, self.ip_address or ""])
