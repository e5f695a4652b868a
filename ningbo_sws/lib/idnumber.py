"""Chinese resident ID numbers (GB 11643-1999): validation, encryption at rest, keyed hash for exact search.

The apps that hold ID numbers (staffing, services) store three things: the ciphertext (`encrypt`), the
keyed hash (`keyed_hash`) for exact look-up and duplicate detection, and nothing in clear. Display goes
through `ningbo_sws.lib.masking.mask_id_number`; a full reveal is logged by the caller.
"""

import base64
import datetime
import hashlib
import hmac
import os
import re

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes as crypto_hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
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


# ---- Encryption at rest and the keyed hash (issue 15 item 6: key versions and the national profile) ----------
# Two profiles: "standard" (Fernet, i.e. AES-128-CBC with HMAC-SHA256, and HMAC-SHA256 for the search hash) and
# "national" (国密, for 密评: SM4-GCM and HMAC-SM3). Keys are versioned (`FIELD_ENCRYPTION_KEYS`, version ->
# secret); new values are written under `FIELD_ENCRYPTION_KEY_VERSION` and the profile, old ones stay readable
# while their key is configured, and `manage.py rotate_field_keys` re-encrypts and re-hashes every row.
# A token says how it was made: "<f|s><version>$<payload>" (f: Fernet, s: SM4-GCM). A token without a prefix is
# Fernet under key version 1, the only form written before key versions existed and still the form written by
# the default configuration, so nothing changes for an installation that sets neither profile nor versions.
STANDARD, NATIONAL = "standard", "national"
_PREFIX = {STANDARD: "f", NATIONAL: "s"}
_PROFILE_OF = {prefix: profile for profile, prefix in _PREFIX.items()}
_TOKEN = re.compile(r"([fs])([0-9]+)\$(.*)", re.DOTALL)


def _keys() -> dict[int, str]:
    return getattr(settings, "FIELD_ENCRYPTION_KEYS", None) or {1: settings.FIELD_ENCRYPTION_KEY}


def current_version() -> int:
    return getattr(settings, "FIELD_ENCRYPTION_KEY_VERSION", None) or max(_keys())


def current_profile() -> str:
    return getattr(settings, "FIELD_CRYPTO_PROFILE", STANDARD) or STANDARD


def _secret(version: int) -> str:
    try:
        return _keys()[version]
    except KeyError:
        raise ImproperlyConfigured(f"field encryption key version {version} is not configured") from None


def _digest(profile: str, data: bytes) -> bytes:
    """SHA-256 under the standard profile, SM3 under the national one: key derivation and the keyed hash."""
    digest = crypto_hashes.Hash(crypto_hashes.SM3() if profile == NATIONAL else crypto_hashes.SHA256())
    digest.update(data)
    return digest.finalize()


def _key_material(purpose: str, *, version: int = 1, profile: str = STANDARD) -> bytes:
    # Version 1 under the standard profile is exactly the derivation used before key versions existed.
    return _digest(profile, f"{purpose}:{_secret(version)}".encode())


def _fernet(version: int = 1) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_key_material("id-number-encryption", version=version)))


def _sm4_key(version: int) -> bytes:
    return _key_material("id-number-encryption", version=version, profile=NATIONAL)[:16]  # SM4 keys are 128 bits


def token_version(token: str) -> tuple[str, int]:
    """The (profile, key version) a stored token was written with."""
    match = _TOKEN.fullmatch(token)
    return (_PROFILE_OF[match.group(1)], int(match.group(2))) if match else (STANDARD, 1)


def encrypt(number: str) -> str:
    profile, version = current_profile(), current_version()
    if profile == NATIONAL:
        nonce = os.urandom(12)
        encryptor = Cipher(algorithms.SM4(_sm4_key(version)), modes.GCM(nonce)).encryptor()
        sealed = encryptor.update(number.encode()) + encryptor.finalize()
        payload = base64.urlsafe_b64encode(nonce + sealed + encryptor.tag).decode()
    else:
        payload = _fernet(version).encrypt(number.encode()).decode()
        if version == 1:
            return payload
    return f"{_PREFIX[profile]}{version}${payload}"


def decrypt(token: str) -> str:
    match = _TOKEN.fullmatch(token)
    if not match:
        return _fernet(1).decrypt(token.encode()).decode()
    kind, version, payload = match.group(1), int(match.group(2)), match.group(3)
    if kind == _PREFIX[STANDARD]:
        return _fernet(version).decrypt(payload.encode()).decode()
    raw = base64.urlsafe_b64decode(payload.encode())
    nonce, sealed, tag = raw[:12], raw[12:-16], raw[-16:]
    decryptor = Cipher(algorithms.SM4(_sm4_key(version)), modes.GCM(nonce, tag)).decryptor()
    return (decryptor.update(sealed) + decryptor.finalize()).decode()


def _hash(number: str, *, profile: str, version: int) -> str:
    key = _key_material("id-number-search", version=version, profile=profile)
    if profile == NATIONAL:
        mac = crypto_hmac.HMAC(key, crypto_hashes.SM3())
        mac.update(normalize(number).encode())
        return mac.finalize().hex()
    return hmac.new(key, normalize(number).encode(), hashlib.sha256).hexdigest()


def keyed_hash(number: str) -> str:
    """The search hash under the current profile and key version (HMAC-SHA256, or HMAC-SM3 under the national
    profile): equal numbers give equal hashes, the number can't be recovered. 64 hex characters either way."""
    return _hash(number, profile=current_profile(), version=current_version())


def lookup_hashes(number: str) -> list[str]:
    """Every hash the number may be stored under: the current one first, then those of every other configured
    key version and profile, so that a search finds a person whose row `rotate_field_keys` has not reached yet."""
    current = keyed_hash(number)
    others = {_hash(number, profile=profile, version=version)
              for profile in (STANDARD, NATIONAL) for version in _keys()}
    return [current, *sorted(others - {current})]
