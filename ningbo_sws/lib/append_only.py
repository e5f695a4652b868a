"""A migration operation that makes a table append-only on PostgreSQL: UPDATE and DELETE raise.

Other databases get nothing here; the model's own save()/delete() refuse there.
"""

from django.db import migrations


def append_only(table: str) -> migrations.RunPython:
    function = f"{table}_append_only"

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"""
            CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{table} is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
            END;
            $$ LANGUAGE plpgsql;
            DROP TRIGGER IF EXISTS {function} ON {table};
            CREATE TRIGGER {function} BEFORE UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION {function}();
            """,
            params=None,  # the SQL holds a literal %, not a placeholder
        )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {function} ON {table}; DROP FUNCTION IF EXISTS {function}();")

    return migrations.RunPython(forwards, backwards)
