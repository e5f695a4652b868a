"""R23 on PostgreSQL: a published disclosure report cannot be changed or deleted by SQL either.

Other databases rely on `Disclosure.save()`/`delete()`, which refuse the same. (Hand-written, kept apart from the
generated migration so that the lead can squash the app's models into 0001_initial and re-point this one.)
"""

from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION archives_disclosure_published_is_final() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'published' THEN
        RAISE EXCEPTION 'archives_disclosure %: a published disclosure is final (R23), % refused', OLD.id, TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS archives_disclosure_published_is_final ON archives_disclosure;
CREATE TRIGGER archives_disclosure_published_is_final BEFORE UPDATE OR DELETE ON archives_disclosure
    FOR EACH ROW EXECUTE FUNCTION archives_disclosure_published_is_final();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SQL, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS archives_disclosure_published_is_final ON archives_disclosure; "
                              "DROP FUNCTION IF EXISTS archives_disclosure_published_is_final();")


class Migration(migrations.Migration):
    dependencies = [("archives", "0002_catalogue_sql")]
    operations = [migrations.RunPython(forwards, backwards)]
