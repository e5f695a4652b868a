"""Re-encrypt and re-hash every stored ID number under the current key version and profile (issue 15 item 6).

Run after adding a key version (FIELD_ENCRYPTION_KEYS / FIELD_ENCRYPTION_KEY_VERSION) or switching
FIELD_CRYPTO_PROFILE; keep the old key configured until it reports nothing left. Rows go in batches, each in its
own transaction with the rows locked, so the command can be stopped and run again: rows already under the
current version are skipped. Every model built on `ningbo_sws.lib.person.Person` is covered, whichever app holds
it (history rows hold no ciphertext: `person.HISTORY_EXCLUDED`).
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from ningbo_sws.lib import idnumber
from ningbo_sws.lib.person import Person


def person_models():
    return [m for m in apps.get_models() if issubclass(m, Person) and not m._meta.abstract]


def rotate(model, *, batch: int, dry_run: bool = False) -> tuple[int, int]:
    """(rows re-encrypted, rows with an ID number) for one model."""
    target = (idnumber.current_profile(), idnumber.current_version())
    total = model._base_manager.exclude(id_cipher="").count()
    done, last = 0, 0
    while True:
        with transaction.atomic():
            rows = list(model._base_manager.select_for_update().exclude(id_cipher="").filter(pk__gt=last)
                        .order_by("pk").only("pk", "id_cipher", "id_hash")[:batch])
            if not rows:
                break
            last = rows[-1].pk
            stale = [row for row in rows if idnumber.token_version(row.id_cipher) != target]
            for row in stale:
                number = idnumber.decrypt(row.id_cipher)
                row.id_cipher, row.id_hash = idnumber.encrypt(number), idnumber.keyed_hash(number)
            if stale and not dry_run:
                model._base_manager.bulk_update(stale, ["id_cipher", "id_hash"])
            done += len(stale)
    return done, total


class Command(BaseCommand):
    help = "Re-encrypt and re-hash every ID number under the current key version and crypto profile."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=500, help="rows per transaction (default 500)")
        parser.add_argument("--dry-run", action="store_true", help="count what would change, change nothing")

    def handle(self, *args, batch, dry_run, **options):
        profile, version = idnumber.current_profile(), idnumber.current_version()
        changed = 0
        for model in person_models():
            done, total = rotate(model, batch=max(1, batch), dry_run=dry_run)
            changed += done
            self.stdout.write(f"{model._meta.label}: {done} of {total} ID numbers "
                              f"{'would be ' if dry_run else ''}re-encrypted")
        verb = "would re-encrypt" if dry_run else "re-encrypted"
        self.stdout.write(self.style.SUCCESS(
            f"Done: {verb} {changed} ID numbers under key version {version}, {profile} profile."))
