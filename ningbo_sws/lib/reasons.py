"""The one reason policy: every tracked change carries a reason that fits simple-history's column whole.

The reason is kept in `history_change_reason` of every historical table, a column of 100 characters
(simple-history's default; `tests/test_tracking.py` checks every historical model against this number). A reason
that does not fit is refused by the form, and by `check_reason` in the action, never cut and never an HTTP 500.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .exceptions import ActionError

REASON_MAX_LENGTH = 100


def too_long_message(length: int) -> str:
    return _("Keep the reason to %(limit)s characters (it has %(length)s): the history keeps it whole.") % {
        "limit": REASON_MAX_LENGTH, "length": length}


def check_reason(reason) -> str:
    """The reason, stripped; an empty or over-long one is refused with a message on the `reason` field."""
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(_("Give a reason for the change."), field="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise ActionError(too_long_message(len(reason)), field="reason")
    return reason


class ReasonField(forms.CharField):
    """The reason of a change in a form: required, stripped, at most REASON_MAX_LENGTH characters."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Reason for the change"))
        kwargs.setdefault("help_text", gettext_lazy("Kept in the history with your name."))
        kwargs["max_length"] = REASON_MAX_LENGTH
        kwargs.setdefault("required", True)
        kwargs["strip"] = True
        super().__init__(**kwargs)

    def run_validators(self, value):
        # One message, in the reader's language, instead of Django's generic max-length sentence.
        if value and len(value) > REASON_MAX_LENGTH:
            raise forms.ValidationError(too_long_message(len(value)), code="max_length")
        super().run_validators(value)
