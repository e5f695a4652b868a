"""`manage.py backup <folder>`: the database and the uploaded files, with a manifest of digests."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ningbo_sws.lib.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into a new folder (restore with `manage.py restore`)."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a new or empty folder")
        parser.add_argument("--database", default="default")

    def handle(self, *args, folder, database, **options):
        try:
            manifest = backup(connections[database].settings_dict, Path(settings.MEDIA_ROOT), Path(folder))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        size = sum(f["size"] for f in manifest["files"].values())
        self.stdout.write(self.style.SUCCESS(
            f"Done: backed up the {manifest['engine']} database and {len(manifest['files']) - 1} uploaded files "
            f"({size} bytes in all) to {folder}."))
