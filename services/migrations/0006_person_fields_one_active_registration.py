"""Issue 10: Recipient takes the person fields of `ningbo_sws.lib.person.Person`, whose one `Gender` set is
male/female (was M/F here); issue 9 item 7: one active registration of a person city-wide, held by the database."""

from django.db import migrations, models

GENDERS = {"M": "male", "F": "female"}


def to_words(apps, schema_editor):
    for model in ("Recipient", "HistoricalRecipient"):
        Model = apps.get_model("services", model)
        for old, new in GENDERS.items():
            Model.objects.filter(gender=old).update(gender=new)


def to_letters(apps, schema_editor):
    for model in ("Recipient", "HistoricalRecipient"):
        Model = apps.get_model("services", model)
        for old, new in GENDERS.items():
            Model.objects.filter(gender=new).update(gender=old)


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0005_recipient_follow_up_level"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalrecipient",
            name="gender",
            field=models.CharField(blank=True, choices=[("male", "male"), ("female", "female")], max_length=8,
                                   verbose_name="gender"),
        ),
        migrations.AlterField(
            model_name="recipient",
            name="gender",
            field=models.CharField(blank=True, choices=[("male", "male"), ("female", "female")], max_length=8,
                                   verbose_name="gender"),
        ),
        migrations.RunPython(to_words, to_letters),
        migrations.AddConstraint(
            model_name="recipient",
            constraint=models.UniqueConstraint(condition=models.Q(models.Q(("id_hash", ""), _negated=True),
                                                                  ("status", "active")),
                                               fields=("id_hash",), name="recipient_active_once_city_wide"),
        ),
    ]
