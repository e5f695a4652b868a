"""Issue 10: StaffMember takes the person fields of `ningbo_sws.lib.person.Person` (one naming with recipients);
the ID number's keyed hash leaves the history table (issue 9 item 2); one record of a person city-wide stays a
unique constraint (issue 9 item 7). RenameField keeps the data."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("staffing", "0001_staff_posts_meetings_supervision"),
    ]

    operations = [
        migrations.RenameField("staffmember", "id_number_encrypted", "id_cipher"),
        migrations.RenameField("staffmember", "id_number_hash", "id_hash"),
        migrations.RenameField("staffmember", "id_number_masked", "id_masked"),
        migrations.RenameField("historicalstaffmember", "id_number_masked", "id_masked"),
        migrations.RemoveField("historicalstaffmember", "id_number_hash"),
        migrations.AlterField(
            model_name='historicalstaffmember',
            name='birth_date',
            field=models.DateField(blank=True, null=True, verbose_name='birth date'),
        ),
        migrations.AlterField(
            model_name='historicalstaffmember',
            name='gender',
            field=models.CharField(blank=True, choices=[('male', 'male'), ('female', 'female')], max_length=8, verbose_name='gender'),
        ),
        migrations.AlterField(
            model_name='historicalstaffmember',
            name='id_masked',
            field=models.CharField(blank=True, editable=False, max_length=18, verbose_name='ID number'),
        ),
        migrations.AlterField(
            model_name='staffmember',
            name='birth_date',
            field=models.DateField(blank=True, null=True, verbose_name='birth date'),
        ),
        migrations.AlterField(
            model_name='staffmember',
            name='gender',
            field=models.CharField(blank=True, choices=[('male', 'male'), ('female', 'female')], max_length=8, verbose_name='gender'),
        ),
        migrations.AlterField(
            model_name='staffmember',
            name='id_cipher',
            field=models.TextField(blank=True, editable=False, verbose_name='ID number (encrypted)'),
        ),
        migrations.AlterField(
            model_name='staffmember',
            name='id_hash',
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64, verbose_name='ID number (keyed hash)'),
        ),
        migrations.AlterField(
            model_name='staffmember',
            name='id_masked',
            field=models.CharField(blank=True, editable=False, max_length=18, verbose_name='ID number'),
        ),
        migrations.AddConstraint(
            model_name='staffmember',
            constraint=models.UniqueConstraint(fields=('id_hash',), name='staff_id_once_city_wide'),
        ),
        migrations.AddConstraint(
            model_name='staffmember',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('id_hash', ''), _negated=True), ('birth_date__isnull', False), models.Q(('gender', ''), _negated=True)), name='staff_has_id_number'),
        ),
    ]
