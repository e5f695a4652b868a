"""In-app notices (issue 13 item 2): there is no mail on government intranets, so a move that hands work to
someone else leaves them a notice here. Written only by `stations.notices.notify` (on commit of the move), read
and marked read by their recipient only."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NOTICE_TEXT_MAX = 500


class NoticeQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    """One notice to one person: what happened (a whole sentence, in the language of the move), where to act,
    who made the move. Not history-tracked: a notice is never edited, only marked read."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="notices",
                                  verbose_name=_("recipient"))
    text = models.CharField(_("notice"), max_length=NOTICE_TEXT_MAX)
    url = models.CharField(_("link"), max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("sent by"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_recipient_unread")]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self):
        return self.text
