"""`manage.py reindex_archive [--station <id>] [--year <year>]`: rebuild the archive search index (issue 11 item 6)."""

from django.core.management.base import BaseCommand, CommandError

from archives.search import reindex
from stations.models import Station


class Command(BaseCommand):
    help = ("Rebuild the search index of the stations' archives (every station and every year since 2020 unless "
            "told). Safe to run again; run it nightly and after bulk imports.")

    def add_arguments(self, parser):
        parser.add_argument("--station", type=int, action="append", help="a station's id (may be repeated)")
        parser.add_argument("--year", type=int, action="append", help="only this year (may be repeated)")

    def handle(self, *args, station=None, year=None, **options):
        stations = Station.objects.select_related("township").order_by("pk")
        if station:
            stations = stations.filter(pk__in=station)
            missing = set(station) - set(stations.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"No station with id {', '.join(map(str, sorted(missing)))}.")
        if year and any(y < 2000 or y > 2100 for y in year):
            raise CommandError("A year is between 2000 and 2100.")
        total = count = 0
        for s in stations:
            total += reindex(s, years=year)
            count += 1
        self.stdout.write(f"Done! {total} records indexed at {count} stations.")
