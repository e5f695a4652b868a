"""Issue 15 item 6: the national cryptography profile (国密: SM4-GCM and HMAC-SM3) beside the standard one
(Fernet and HMAC-SHA256), key versions, and `manage.py rotate_field_keys`.

Expected values are computed here from the `cryptography` primitives and the key derivation the settings
document ("<purpose>:<secret>" digested by SHA-256, or by SM3 under the national profile), not by the code under
test.
"""

import base64
import hashlib
import hmac
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.core.management import call_command

from ningbo_sws.lib import idnumber
from tests.factories import RecipientFactory, StaffMemberFactory, StationFactory

NUMBER = "330203199001011234"  # the check digit of 33020319900101123 is 4 (GB 11643)
OLD, NEW = "old-secret-of-version-1", "new-secret-of-version-2"


def sm3(data: bytes) -> bytes:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize()


@pytest.fixture
def old_keys(settings):
    settings.FIELD_CRYPTO_PROFILE = "standard"
    settings.FIELD_ENCRYPTION_KEYS = {1: OLD}
    settings.FIELD_ENCRYPTION_KEY_VERSION = 1
    return settings


def national(settings, *, keys=None, version=2):
    settings.FIELD_CRYPTO_PROFILE = "national"
    settings.FIELD_ENCRYPTION_KEYS = keys or {2: NEW, 1: OLD}
    settings.FIELD_ENCRYPTION_KEY_VERSION = version


def test_the_default_profile_writes_fernet_and_hmac_sha256_as_before(old_keys):
    token = idnumber.encrypt(NUMBER)
    fernet_key = base64.urlsafe_b64encode(hashlib.sha256(f"id-number-encryption:{OLD}".encode()).digest())
    assert "$" not in token and Fernet(fernet_key).decrypt(token.encode()).decode() == NUMBER
    search_key = hashlib.sha256(f"id-number-search:{OLD}".encode()).digest()
    assert idnumber.keyed_hash(NUMBER) == hmac.new(search_key, NUMBER.encode(), hashlib.sha256).hexdigest()


def test_the_national_profile_writes_sm4_gcm_and_hashes_with_hmac_sm3(settings):
    national(settings)
    token = idnumber.encrypt(NUMBER)
    assert token.startswith("s2$") and NUMBER not in token
    raw = base64.urlsafe_b64decode(token[3:])
    nonce, sealed, tag = raw[:12], raw[12:-16], raw[-16:]
    key = sm3(f"id-number-encryption:{NEW}".encode())[:16]
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    assert (decryptor.update(sealed) + decryptor.finalize()).decode() == NUMBER
    assert idnumber.decrypt(token) == NUMBER

    mac = crypto_hmac.HMAC(sm3(f"id-number-search:{NEW}".encode()), hashes.SM3())
    mac.update(NUMBER.encode())
    assert idnumber.keyed_hash(NUMBER) == mac.finalize().hex()
    assert len(idnumber.keyed_hash(NUMBER)) == 64  # fits the id_hash column as SHA-256 did
    assert idnumber.encrypt(NUMBER) != token  # a fresh nonce every time


def test_a_tampered_sm4_gcm_token_is_refused(settings):
    national(settings)
    token = idnumber.encrypt(NUMBER)
    raw = bytearray(base64.urlsafe_b64decode(token[3:]))
    raw[14] ^= 1
    with pytest.raises(InvalidTag):
        idnumber.decrypt("s2$" + base64.urlsafe_b64encode(bytes(raw)).decode())


def test_a_token_under_a_key_version_that_is_gone_is_not_read(settings):
    national(settings)
    token = idnumber.encrypt(NUMBER)
    national(settings, keys={3: "third"}, version=3)
    with pytest.raises(Exception, match="key version 2 is not configured"):
        idnumber.decrypt(token)


@pytest.mark.django_db
def test_rotation_moves_every_row_to_the_new_version_and_profile_and_nothing_is_lost(old_keys, settings):
    """Issue 15 item 6: a database written under key version 1 (standard profile) reads under version 2
    (national profile) before rotation, through a search during it, and after it with the old key gone."""
    station = StationFactory()
    recipients = [RecipientFactory(station=station) for _ in range(5)]
    staff = StaffMemberFactory(station=station)
    numbers = {("services.Recipient", r.pk): r.id_number() for r in recipients}
    numbers[("staffing.StaffMember", staff.pk)] = staff.id_number()
    from services.models import Recipient
    from staffing.models import StaffMember

    national(settings)
    # Before rotation: old rows read, and a search by ID number still finds them (their hash is version 1's).
    first = recipients[0]
    assert Recipient.objects.get(pk=first.pk).id_number() == numbers[("services.Recipient", first.pk)]
    from services.actions import find_by_id_number
    found = find_by_id_number(recipients=Recipient.objects.all(), number=numbers[("services.Recipient", first.pk)])
    assert list(found) == [Recipient.objects.get(pk=first.pk)]

    out = io.StringIO()
    call_command("rotate_field_keys", batch=2, stdout=out)
    assert "services.Recipient: 5 of 5 ID numbers re-encrypted" in out.getvalue()
    assert "staffing.StaffMember: 1 of 1 ID numbers re-encrypted" in out.getvalue()

    national(settings, keys={2: NEW}, version=2)  # the old key is retired
    for (label, pk), number in numbers.items():
        model = Recipient if label == "services.Recipient" else StaffMember
        row = model.objects.get(pk=pk)
        assert row.id_cipher.startswith("s2$") and row.id_number() == number
        mac = crypto_hmac.HMAC(sm3(f"id-number-search:{NEW}".encode()), hashes.SM3())
        mac.update(number.encode())
        assert row.id_hash == mac.finalize().hex()
    assert find_by_id_number(recipients=Recipient.objects.all(),
                             number=numbers[("services.Recipient", first.pk)]).get().pk == first.pk

    again = io.StringIO()
    call_command("rotate_field_keys", stdout=again)
    assert "re-encrypted 0 ID numbers under key version 2, national profile" in again.getvalue()


@pytest.mark.django_db
def test_a_dry_run_changes_nothing(old_keys, settings):
    recipient = RecipientFactory()
    before = recipient.id_cipher
    national(settings)
    out = io.StringIO()
    call_command("rotate_field_keys", dry_run=True, stdout=out)
    assert "would re-encrypt 1 ID numbers" in out.getvalue()
    recipient.refresh_from_db()
    assert recipient.id_cipher == before


@pytest.mark.parametrize(("env", "message"), [
    ({"FIELD_CRYPTO_PROFILE": "sm9"}, "FIELD_CRYPTO_PROFILE must be standard or national"),
    ({"FIELD_ENCRYPTION_KEYS": "two=abc"}, "FIELD_ENCRYPTION_KEYS must read like"),
    ({"FIELD_ENCRYPTION_KEYS": "1=abc", "FIELD_ENCRYPTION_KEY_VERSION": "2"},
     "FIELD_ENCRYPTION_KEY_VERSION 2 has no key"),
])
def test_a_bad_key_setting_stops_the_start_with_a_message(env, message):
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", "import ningbo_sws.settings"], cwd=root, capture_output=True, text=True,
        env={**os.environ, "ALLOW_INSECURE_DEV_KEY": "1", **env}, timeout=60)
    assert result.returncode != 0 and message in result.stderr
