"""The status history of cases moves into the one status-change table of every workflow (stations.StatusChange)."""

from django.db import migrations


def forwards(apps, schema_editor):
    CaseMove = apps.get_model("services", "CaseMove")
    if not CaseMove.objects.exists():
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    StatusChange = apps.get_model("stations", "StatusChange")
    case_type, _created = ContentType.objects.get_or_create(app_label="services", model="case")
    StatusChange.objects.bulk_create(
        StatusChange(content_type=case_type, object_id=m.case_id, field="state", move=m.to_state,
                     from_state=m.from_state, to_state=m.to_state, by_id=m.by_id, at=m.at, reason=m.reason)
        for m in CaseMove.objects.order_by("at", "id").iterator()
    )


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    StatusChange = apps.get_model("stations", "StatusChange")
    CaseMove = apps.get_model("services", "CaseMove")
    case_type = ContentType.objects.filter(app_label="services", model="case").first()
    if case_type is None:
        return
    CaseMove.objects.bulk_create(
        CaseMove(case_id=c.object_id, from_state=c.from_state, to_state=c.to_state, by_id=c.by_id, at=c.at,
                 reason=c.reason)
        for c in StatusChange.objects.filter(content_type=case_type).order_by("at", "id").iterator()
    )


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("services", "0006_person_fields_one_active_registration"),
        ("stations", "0007_status_change"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="CaseMove"),
    ]
