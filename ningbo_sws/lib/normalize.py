"""What people type, made canonical at the boundary (issue 9 items 4 and 5): pure functions, no app imports.

Every ID number, phone, code and amount passes through here before it is validated, hashed or stored, in forms
and imports alike, so that `３３０２…` (full width) and `٣٣٠٢…` (Arabic-Indic) are the same person as `3302…`.

- `normalize_text`: NFKC and trim (full-width letters, digits and punctuation become ASCII).
- `ascii_digits`: every Unicode decimal digit (`unicodedata.decimal`) becomes its ASCII digit.
- `normalize_id_number`, `normalize_phone`, `normalize_code`: the two above, spaces removed, letters upper-case.
- `validate_phone`: the one phone check of the project (a mobile number or a landline with its area code).
- `parse_amount`: the one money grammar (plain decimals only); refuses the rest by name with a ValidationError.
"""

import re
import unicodedata
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_SPACES = re.compile(r"\s+")
# Dashes people type in a phone number; NFKC turns the full-width hyphen-minus into "-" already.
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
                         "\u2212": "-", "\u30fc": "-"})
PHONE = re.compile(r"(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)", re.ASCII)


def normalize_text(value) -> str:
    """NFKC and trimmed; None is the empty string."""
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip()


def ascii_digits(value: str) -> str:
    """Every decimal digit of any script (full-width, Arabic-Indic, Devanagari, ...) as its ASCII digit."""
    out = []
    for char in value:
        digit = unicodedata.decimal(char, None) if not char.isascii() else None
        out.append(str(digit) if digit is not None else char)
    return "".join(out)


def _compact(value) -> str:
    return _SPACES.sub("", ascii_digits(normalize_text(value)))


def normalize_id_number(value) -> str:
    """A resident ID number as stored and hashed: ASCII digits, no spaces, a capital X."""
    return _compact(value).upper()


def normalize_code(value) -> str:
    """A credit code, account code, division code or any other code: ASCII digits, no spaces, capitals."""
    return _compact(value).upper()


def normalize_phone(value) -> str:
    """A phone number: ASCII digits, no spaces, every kind of dash as "-"."""
    return _compact(value).translate(_DASHES)


def validate_phone(value) -> str:
    """Return the normalized phone, empty when none is given; refuse anything else with what a phone looks like."""
    phone = normalize_phone(value)
    if phone and not PHONE.fullmatch(phone):
        raise ValidationError(_("Enter an 11-digit mobile number or a landline such as 0574-87654321."),
                              code="phone")
    return phone


# --- amounts ----------------------------------------------------------------------------------------------------
_PLAIN = re.compile(r"(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<fraction>\d+))?", re.ASCII)
_CURRENCY = "¥"  # NFKC turns the full-width ￥ into ¥
_MINUS = {"-", "\u2212"}
_SIGNS = _MINUS | {"+"}


def amount_messages() -> dict:
    """The refusal of each kind of bad amount, by code. A form field or an app may say it more precisely."""
    return {
        "invalid": _("The amount can only be a number, for example 1234.56."),
        "digits": _("Type the amount with the digits 0 to 9, for example 1234.56."),
        "exponent": _("Write the amount out in full, without an exponent such as 1e10, for example 1234.56."),
        "separators": _("Thousands separators go every three digits, for example 1,234,567.89."),
        "negative": _("The amount cannot be negative."),
        "decimals": _("An amount has at most %(places)s decimal places, for example 1234.56."),
        "too_large": _("The amount is too large: at most %(max)s."),
    }


def _refuse(code: str, messages: dict | None, **params):
    text = (messages or {}).get(code) or amount_messages()[code]
    raise ValidationError(text % params if params else text, code=code)


def max_amount(*, max_digits: int, decimal_places: int) -> Decimal:
    """The largest amount a DecimalField(max_digits, decimal_places) holds, e.g. 14, 2 -> 999999999999.99."""
    return Decimal("9" * max_digits).scaleb(-decimal_places)


def parse_amount(text, *, allow_negative: bool = False, max_digits: int = 14, decimal_places: int = 2,
                 messages: dict | None = None) -> Decimal:
    """A plain decimal as people write money: `1234.56`, `1,234,567.89`, `¥1,234.50`, `￥１２３`, `-5` (when
    negatives are allowed). Refused by name: exponents (`1e10`), misplaced separators (`1,2,3`, `1_000`), digits
    of other scripts, more decimals than the column keeps, more digits than it holds (`max_digits`)."""
    if isinstance(text, float):
        raise TypeError("money is never a float")
    if isinstance(text, Decimal | int):
        text = format(Decimal(text), "f")  # an already parsed amount goes through the same limits
    value = normalize_text(text)
    negative = False
    signed = value[:1] in _SIGNS
    if signed:
        negative, value = value[0] in _MINUS, value[1:].lstrip()
    if value[:1] == _CURRENCY:
        value = value[1:].lstrip()
    if not signed and value[:1] in _SIGNS:
        negative, value = value[0] in _MINUS, value[1:].lstrip()
    match = _PLAIN.fullmatch(value)
    if match is None:
        if any(c.isdigit() and not c.isascii() for c in value):
            _refuse("digits", messages)
        if re.fullmatch(r"[\d.,]*\d[eE][+-]?\d+", value, re.ASCII):
            _refuse("exponent", messages)
        if re.fullmatch(r"\d[\d,_]*(\.\d+)?", value, re.ASCII) and ("," in value or "_" in value):
            _refuse("separators", messages)
        _refuse("invalid", messages)
    whole, fraction = match["whole"].replace(",", ""), match["fraction"] or ""
    amount = Decimal(f"{whole}.{fraction}" if fraction else whole)
    if negative and amount:
        if not allow_negative:
            _refuse("negative", messages)
        amount = -amount
    if len(fraction.rstrip("0")) > decimal_places:
        _refuse("decimals", messages, places=decimal_places)
    limit = max_amount(max_digits=max_digits, decimal_places=decimal_places)
    if abs(amount) > limit:
        _refuse("too_large", messages, max=f"{limit:,}")
    return amount.quantize(Decimal(1).scaleb(-decimal_places))
