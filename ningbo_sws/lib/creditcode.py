"""The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, the last a check character."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .normalize import normalize_code

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_PATTERN = re.compile(rf"[{CHARSET}]{{18}}")


def check_character(first17: str) -> str:
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> str:
    """Return the normalized code or raise ValidationError saying what is wrong."""
    code = normalize_code(value)
    if not _PATTERN.fullmatch(code):
        raise ValidationError(
            _("A unified social credit code has 18 characters: digits and capital letters other than I, O, S, V, Z."),
            code="format",
        )
    if check_character(code[:17]) != code[17]:
        raise ValidationError(_("The last character of the credit code does not match its check character."),
                              code="check")
    return code
