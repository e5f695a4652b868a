"""Load the real 3,215 divisions of Ningbo shipped in stations/data/ningbo_divisions.csv."""

from django.db import migrations


def load(apps, schema_editor):
    from stations.divisions import load_divisions

    load_divisions(apps.get_model("stations", "Division"))


class Migration(migrations.Migration):
    dependencies = [("stations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
