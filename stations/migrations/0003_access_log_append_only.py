from django.db import migrations

from ningbo_sws.lib.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("stations", "0002_load_divisions")]
    operations = [append_only("stations_accesslog")]
