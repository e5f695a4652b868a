"""`manage.py verify_bundle <zip>`: check every file of a bundle against the SHA-256 and SM3 digests of its
manifest (`ningbo_sws.lib.manifest`, issue 11 item 8) and name each one that differs. Exit status 0 when all
match, 1 otherwise (CommandError)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ningbo_sws.lib.manifest import verify


class Command(BaseCommand):
    help = "Check every file of an archive bundle (zip) against the SHA-256 and SM3 digests of its manifest."

    def add_arguments(self, parser):
        parser.add_argument("bundle", help="the zip file")

    def handle(self, *args, bundle, **options):
        import zipfile

        try:
            about, differences = verify(bundle)
        except (OSError, zipfile.BadZipFile) as exc:
            raise CommandError(_("%(file)s is not a readable zip file: %(error)s") % {"file": bundle, "error": exc}) \
                from None
        words = {
            "sha256": _("its SHA-256 digest differs"),
            "sm3": _("its SM3 digest differs"),
            "size": _("its size differs"),
            "missing": _("listed in the manifest but not in the zip"),
            "unlisted": _("in the zip but not in the manifest"),
            "unreadable": _("the zip cannot read it (altered or damaged)"),
            "manifest": _("the manifest cannot be used"),
            "csv": _("manifest.csv disagrees with manifest.json"),
        }
        for difference in differences:
            line = f"{difference.name}: {words.get(difference.what, difference.what)}"
            if difference.detail:
                line += f" ({difference.detail})"
            self.stdout.write(line)
        if differences:
            raise CommandError(_("Differences found: %(count)d. The bundle is not as it was made.")
                               % {"count": len(differences)})
        self.stdout.write(_("Every file matches its SHA-256 and SM3 digests (%(station)s, %(year)s).")
                          % {"station": about.get("station", "—"), "year": about.get("year", "—")})
