"""Masking of personal data for display: the one place that says how a name, a phone or an ID number looks to
someone who may not read it in full."""

import re

from .normalize import ascii_digits


def mask_name(value: str | None) -> str:
    """`王小明` -> `王*明`, `王明` -> `王*`, `欧阳小明` -> `欧**明`: the first and (from three characters) the last
    character stay."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) == 1:
        return "*"
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]


def mask_id_number(value: str | None) -> str:
    """`330203199001011234` -> `3302**********1234`: the first four and the last four stay."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str | None) -> str:
    """`13812345678` -> `138****5678`."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


# An ID number (17 digits and a check character) or a phone number (a mobile 1[3-9]x xxxx xxxx, a landline with
# its area code 0xx(x)-xxxxxxx(x)) in free text, once the text's digits are ASCII; spaces or dashes between the
# groups people type them in are allowed.
PERSONAL_NUMBER = re.compile(
    r"(?<![0-9])(?:[0-9]{6}[ -]?[0-9]{8}[ -]?[0-9]{3}[0-9Xx]"
    r"|1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}"
    r"|0[0-9]{2,3}[ -]?[0-9]{7,8})(?![0-9])", re.ASCII)


def strip_personal_numbers(text: str | None) -> str:
    """The text with every ID number and phone number in it replaced by `*`, for the words a record is found by
    (search index, catalogue), which never hold one. Digits of any script count (`１３８…` is a phone too)."""
    return PERSONAL_NUMBER.sub("*", ascii_digits(text or ""))
