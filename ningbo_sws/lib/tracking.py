"""The one tracked save: validate, then save a history-tracked object with who did it and why.

Every write of an app goes through here, so that every historical row has its user and a reason that fits
(`reasons.check_reason`): an empty or over-long reason is refused with ActionError, never cut, never a 500.
"""

from .reasons import check_reason


def _track(obj, *, actor, reason: str) -> None:
    obj._history_user = actor
    obj._change_reason = check_reason(reason)


def tracked_save(obj, *, actor, reason: str, exclude=None) -> None:
    """`full_clean()` (minus `exclude`) and save, the history row naming `actor` and `reason`."""
    reason = check_reason(reason)
    obj.full_clean(exclude=exclude)
    _track(obj, actor=actor, reason=reason)
    obj.save()


def tracked_delete(obj, *, actor, reason: str) -> None:
    """Delete, the history's deletion row naming `actor` and `reason`."""
    _track(obj, actor=actor, reason=reason)
    obj.delete()
