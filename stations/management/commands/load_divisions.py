from django.core.management.base import BaseCommand
from django.db.models import Count

from stations.divisions import DATA_FILE, load_divisions
from stations.models import Division


class Command(BaseCommand):
    help = "Load (or refresh) the real divisions of Ningbo shipped with the project. Safe to run again."

    def handle(self, *args, **options):
        created, updated = load_divisions(Division)
        counts = dict(Division.objects.values_list("level").annotate(n=Count("pk")).values_list("level", "n"))
        levels = ", ".join(f"{counts.get(value, 0)} {label} ({value})" for value, label in Division.Level.choices)
        self.stdout.write(f"Loaded the divisions of Ningbo from {DATA_FILE.name}: {levels}.")
        self.stdout.write(f"Done! {created} divisions added, {updated} updated, {Division.objects.count()} in all.")
