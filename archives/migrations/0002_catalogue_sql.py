"""The disposals of the archive are append-only on PostgreSQL (R22: what was disposed of, by whom and when, is
kept as recorded); the model refuses updates and deletes on every database."""

from django.db import migrations

from ningbo_sws.lib.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("archives", "0001_initial")]

    operations = [append_only("archives_disposal")]
