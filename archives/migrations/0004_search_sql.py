"""Chinese substring search on the archive index (issue 11 item 6), hand-written per database.

PostgreSQL: the pg_trgm extension and a GIN trigram index on `body`, which serves `LIKE '%词语%'` for words of three
characters or more (pg_trgm keeps CJK characters when the database's LC_CTYPE is a UTF-8 locale; C.UTF-8 here,
proved by tests/test_archives_search.py).
SQLite: an FTS5 virtual table with the trigram tokenizer over `body` (external content: the index table), kept
in step by three triggers. A later migration that rebuilds `archives_indexentry` on SQLite (Django remakes the
table to alter it) drops these triggers: such a migration must run `sqlite_forwards` again.
"""
# ruff: noqa: S608 - the statements are built from the constant table names above, no input

from django.db import migrations

TABLE = "archives_indexentry"
FTS = "archives_indexentry_fts"

PG_FORWARDS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS archive_index_body_trgm ON {TABLE} USING gin (body gin_trgm_ops)",
]
PG_BACKWARDS = ["DROP INDEX IF EXISTS archive_index_body_trgm"]

SQLITE_FORWARDS = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(body, content='{TABLE}', content_rowid='id', "
    "tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}(rowid, body) VALUES (new.id, new.body); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, body) VALUES ('delete', old.id, old.body); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, body) VALUES ('delete', old.id, old.body); "
    f"INSERT INTO {FTS}(rowid, body) VALUES (new.id, new.body); END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
SQLITE_BACKWARDS = [f"DROP TRIGGER IF EXISTS {FTS}_{t}" for t in ("ai", "ad", "au")] + [f"DROP TABLE IF EXISTS {FTS}"]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(sql)
    return run


forwards = _run({"postgresql": PG_FORWARDS, "sqlite": SQLITE_FORWARDS})
backwards = _run({"postgresql": PG_BACKWARDS, "sqlite": SQLITE_BACKWARDS})
sqlite_forwards = SQLITE_FORWARDS


class Migration(migrations.Migration):
    dependencies = [("archives", "0003_disclosure_sql")]

    operations = [migrations.RunPython(forwards, backwards)]
