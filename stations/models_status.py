"""The status-change row of every workflow of the project (`ningbo_sws.lib.workflow.advance` writes it).

It lives in `stations`, the lowest app with models, and points at its record by content type and id, so that a
station, a case, a group, an action item or a voucher keep their status history in one table.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ningbo_sws.lib.reasons import REASON_MAX_LENGTH


class StatusChangeQuerySet(models.QuerySet):
    def of(self, obj):
        """The changes of one record, oldest first."""
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk) \
            .select_related("by").order_by("at", "id")

    def of_many(self, objects):
        objects = list(objects)
        if not objects:
            return self.none()
        return self.filter(content_type=ContentType.objects.get_for_model(objects[0]),
                           object_id__in=[o.pk for o in objects]).select_related("by").order_by("at", "id")


class StatusChange(models.Model):
    """One move of a record along its workflow: who, from, to, when, why."""

    content_type = models.ForeignKey(ContentType, models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    field = models.CharField(_("field"), max_length=32, default="status")
    move = models.CharField(_("move"), max_length=32, blank=True)
    from_state = models.CharField(_("from"), max_length=32, blank=True)
    to_state = models.CharField(_("to"), max_length=32)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)
    # New reasons are checked to REASON_MAX_LENGTH (lib.reasons); the column is wider so that the case moves
    # recorded before this table (up to 200 characters) moved into it whole.
    reason = models.CharField(_("reason"), max_length=2 * REASON_MAX_LENGTH)

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="status_change_target")]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} {self.from_state or '—'} → {self.to_state}"

    def _label(self, state: str) -> str:
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        return model.workflow.label(model, state)

    @property
    def from_label(self) -> str:
        return self._label(self.from_state)

    @property
    def to_label(self) -> str:
        return self._label(self.to_state)
