"""Password rule of the platform: at least 8 characters from 3 of the 4 character classes."""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext


def character_classes(password: str) -> int:
    """How many of lower case, upper case, digits and symbols the password uses."""
    classes = [
        any(c in string.ascii_lowercase for c in password),
        any(c in string.ascii_uppercase for c in password),
        any(c in string.digits for c in password),
        any(not c.isalnum() for c in password),
    ]
    return sum(classes)


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return ngettext(
            "The password must mix at least %(count)d kind of character: lower case, upper case, digits, symbols.",
            "The password must mix at least %(count)d kinds of characters: lower case, upper case, digits, symbols.",
            self.min_classes,
        ) % {"count": self.min_classes}
