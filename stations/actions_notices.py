"""The recipient's own action on their notices (issue 13 item 2)."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from .models_notices import Notice


@transaction.atomic
def mark_read(*, actor, notice_ids: Iterable[int] | None = None) -> int:
    """The recipient marks their own notices read (all unread ones when `notice_ids` is None); another
    person's notice is never touched. Returns how many were marked."""
    qs = Notice.objects.unread().filter(recipient=actor)
    if notice_ids is not None:
        qs = qs.filter(pk__in=list(notice_ids))
    return qs.update(read_at=timezone.now())
