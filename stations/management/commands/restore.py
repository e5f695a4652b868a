"""`manage.py restore <folder>`: a backup into an empty database and media folder, after checking its digests.

The target is the configured database (DATABASE_URL) and MEDIA_ROOT: point them at a new database and folder.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ningbo_sws.lib.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into the (empty) configured database and MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--database", default="default")

    def handle(self, *args, folder, database, **options):
        connection = connections[database]
        connection.close()  # the restore runs outside this process's connection
        try:
            manifest = restore(Path(folder), connection.settings_dict, Path(settings.MEDIA_ROOT))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(
            f"Done: restored the {manifest['engine']} database and {len(manifest['files']) - 1} files from {folder}; "
            "every digest matched the manifest."))
