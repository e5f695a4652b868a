from django.core.management.base import BaseCommand

from stations.divisions import load_divisions
from stations.models import Division


class Command(BaseCommand):
    help = "Load (or refresh) the real divisions of Ningbo shipped with the project. Safe to run again."

    def handle(self, *args, **options):
        created, updated = load_divisions(Division)
        self.stdout.write(f"Done! {created} divisions added, {updated} updated, {Division.objects.count()} in all.")
