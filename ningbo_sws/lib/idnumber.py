"""Chinese resident ID numbers (GB 11643-1999): validation, encryption at rest, keyed hash for exact search.

The apps that hold ID numbers (staffing, services) store three things: the ciphertext (`encrypt`), the
keyed hash (`keyed_hash`) for exact look-up and duplicate detection, and nothing in clear. Display goes
through `ningbo_sws.lib.masking.mask_id_number`; a full reveal is logged by the caller.
"""

import base64
import datetime
import hashlib
import hmac
import re

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .normalize import normalize_id_number

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_PATTERN = re.compile(r"[0-9]{17}[0-9X]")


def check_character(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def normalize(value: str) -> str:
    """Full-width and other Unicode digits as ASCII, no spaces, a capital X (issue 9 item 4)."""
    return normalize_id_number(value)


def validate_id_number(value: str, *, today: datetime.date | None = None) -> str:
    """Return the normalized number or raise ValidationError with a message that says what is wrong."""
    number = normalize(value)
    if not _PATTERN.fullmatch(number):
        raise ValidationError(_("An ID number has 18 characters: 17 digits and a last digit or X."), code="format")
    try:
        birth, _gender = birth_and_gender(number)
    except ValueError:
        raise ValidationError(_("The birth date inside the ID number is not a real date."), code="birth") from None
    if birth > (today or datetime.date.today()) or birth.year < 1890:
        raise ValidationError(_("The birth date inside the ID number is not possible."), code="birth")
    if check_character(number[:17]) != number[17]:
        raise ValidationError(_("The last character of the ID number does not match its check digit."), code="check")
    return number


# The values of `ningbo_sws.lib.person.Gender`: the one set every app stores.
MALE, FEMALE = "male", "female"


def birth_and_gender(number: str) -> tuple[datetime.date, str]:
    """What a valid number says of its holder (GB 11643): the birth date (characters 7–14) and the gender (the
    17th character, the sequence digit: odd for a man, even for a woman). The one place this is read."""
    birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    return birth, MALE if int(number[16]) % 2 else FEMALE


def _key_material(purpose: str) -> bytes:
    return hashlib.sha256(f"{purpose}:{settings.FIELD_ENCRYPTION_KEY}".encode()).digest()


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_key_material("id-number-encryption")))


def encrypt(number: str) -> str:
    return _fernet().encrypt(number.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def keyed_hash(number: str) -> str:
    """HMAC-SHA256 of the normalized number: equal numbers give equal hashes, the number can't be recovered."""
    return hmac.new(_key_material("id-number-search"), normalize(number).encode(), hashlib.sha256).hexdigest()
