"""Base exceptions that actions raise and views turn into messages for people."""

from django.core.exceptions import ValidationError


class ActionError(ValidationError):
    """A write that the rules refuse. Carries a message for the user (already translated).

    It is a ValidationError so that a form can show it against a field (`field=`) or at the top.
    """

    def __init__(self, message, *, field: str | None = None, code: str | None = None, params=None):
        self.field = field
        super().__init__(message, code=code, params=params)


class IllegalTransition(ActionError):
    """A state change that the model's transition table does not allow."""
