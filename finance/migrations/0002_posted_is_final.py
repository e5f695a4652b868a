"""R21 on PostgreSQL: a posted voucher, its entries and its attachments cannot be changed or deleted by SQL.

A voucher may be updated only while it is a draft (posting or withdrawing is that last update); entries and attachments may
be inserted, changed or deleted only while their voucher is a draft. Other databases rely on the models' own
save()/delete(), which refuse the same.
"""

from django.db import migrations

VOUCHER = """
CREATE OR REPLACE FUNCTION finance_voucher_posted_is_final() RETURNS trigger AS $$
BEGIN
    IF OLD.status IN ('posted', 'withdrawn') THEN
        RAISE EXCEPTION 'finance_voucher %: a posted voucher is final (R21), % refused', OLD.id, TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS finance_voucher_posted_is_final ON finance_voucher;
CREATE TRIGGER finance_voucher_posted_is_final BEFORE UPDATE OR DELETE ON finance_voucher
    FOR EACH ROW EXECUTE FUNCTION finance_voucher_posted_is_final();
"""

PART = """
CREATE OR REPLACE FUNCTION {table}_posted_is_final() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
        SELECT 1 FROM finance_voucher WHERE id = OLD.voucher_id AND status IN ('posted', 'withdrawn')
    ) THEN
        RAISE EXCEPTION '{table}: part of a posted voucher is final (R21), % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
        SELECT 1 FROM finance_voucher WHERE id = NEW.voucher_id AND status IN ('posted', 'withdrawn')
    ) THEN
        RAISE EXCEPTION '{table}: a posted voucher is final (R21), % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS {table}_posted_is_final ON {table};
CREATE TRIGGER {table}_posted_is_final BEFORE INSERT OR UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {table}_posted_is_final();
"""

TABLES = ("finance_entry", "finance_attachment")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(VOUCHER, params=None)
    for table in TABLES:
        schema_editor.execute(PART.format(table=table), params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in ("finance_voucher", *TABLES):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_posted_is_final ON {table}; "
                              f"DROP FUNCTION IF EXISTS {table}_posted_is_final();")


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
