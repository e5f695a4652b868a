"""Issue 15 item 8: a documented backup and restore (`manage.py backup` / `manage.py restore`, README
"Backup and restore") round-trips the database with equal row counts and the uploaded files with equal digests,
and refuses a backup that changed since it was made."""

import hashlib
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from ningbo_sws.lib.backup import BackupError, backup, restore
from tests.factories import RecipientFactory, StationFactory

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = connection.vendor == "postgresql"


def sha256_tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def psql(dbname: str, sql: str) -> str:
    db = connection.settings_dict
    env = {**os.environ, "PGHOST": db.get("HOST") or "127.0.0.1", "PGPORT": str(db.get("PORT") or 5432),
           "PGUSER": db.get("USER") or "postgres"}
    return subprocess.run(["psql", "-tAc", sql, f"--dbname={dbname}"], env=env, check=True, capture_output=True,
                          text=True).stdout


def row_counts(dbname: str) -> dict[str, int]:
    tables = psql(dbname, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").split()
    sql = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM \"{t}\"" for t in tables)  # noqa: S608 (catalogue names)
    return {line.split("|")[0]: int(line.split("|")[1]) for line in psql(dbname, sql).split()}


@pytest.mark.skipif(not POSTGRES, reason="pg_dump/pg_restore need PostgreSQL; CI runs this in its PostgreSQL stage")
def test_a_postgresql_backup_restores_into_a_new_database_with_equal_rows_and_files(tmp_path, transactional_db):
    """Committed data (pg_dump sees no open transaction's rows); the conftest reloads the divisions a flush removed."""
    station = StationFactory()
    RecipientFactory.create_batch(3, station=station)
    media = Path(settings.MEDIA_ROOT)
    (media / "uploads" / "2026").mkdir(parents=True)
    (media / "uploads" / "2026" / "会议纪要.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(4096))
    (media / "uploads" / "photo.jpg").write_bytes(os.urandom(2048))

    call_command("backup", str(tmp_path / "backup"))
    source = connection.settings_dict["NAME"]
    target = f"restore_{uuid.uuid4().hex[:10]}"
    psql("postgres", f'CREATE DATABASE "{target}"')
    try:
        db = connection.settings_dict
        host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
        url = f"postgres://{db.get('USER') or 'postgres'}@{host}:{port}/{target}"
        restored_media = tmp_path / "restored-media"
        result = subprocess.run(
            [sys.executable, "manage.py", "restore", str(tmp_path / "backup")], cwd=ROOT, capture_output=True,
            text=True, env={**os.environ, "ALLOW_INSECURE_DEV_KEY": "1", "DATABASE_URL": url,
                            "MEDIA_ROOT": str(restored_media)}, timeout=300)
        assert result.returncode == 0, result.stderr
        assert "every digest matched the manifest" in result.stdout
        counts = row_counts(source)
        assert counts["services_recipient"] == 3 and counts["stations_division"] > 3000
        assert row_counts(target) == counts
        assert sha256_tree(restored_media) == sha256_tree(media) and len(sha256_tree(media)) == 2

        again = subprocess.run(
            [sys.executable, "manage.py", "restore", str(tmp_path / "backup")], cwd=ROOT, capture_output=True,
            text=True, env={**os.environ, "ALLOW_INSECURE_DEV_KEY": "1", "DATABASE_URL": url,
                            "MEDIA_ROOT": str(tmp_path / "other-media")}, timeout=300)
        assert again.returncode != 0 and "is not empty" in again.stderr  # nothing that exists is overwritten
    finally:
        psql("postgres", f'DROP DATABASE IF EXISTS "{target}"')


def _sqlite_db(path: Path) -> dict:
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT)")
        con.executemany("INSERT INTO people (name) VALUES (?)", [("张三",), ("李四",), ("𠀀王",)])
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}


def test_a_sqlite_backup_restores_its_rows_and_files(tmp_path):
    media = tmp_path / "media"
    (media / "a").mkdir(parents=True)
    (media / "a" / "记录.txt").write_bytes("入户走访".encode())
    backup(_sqlite_db(tmp_path / "site.sqlite3"), media, tmp_path / "backup")
    target = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "restored.sqlite3")}
    restore(tmp_path / "backup", target, tmp_path / "restored-media")
    with sqlite3.connect(target["NAME"]) as con:
        assert [r[0] for r in con.execute("SELECT name FROM people ORDER BY id")] == ["张三", "李四", "𠀀王"]
    assert sha256_tree(tmp_path / "restored-media") == sha256_tree(media)


@pytest.mark.parametrize(("damage", "message"), [
    (lambda b: (b / "media" / "a" / "记录.txt").write_bytes(b"changed"), "changed since the backup: media/a/记录.txt"),
    (lambda b: (b / "media" / "a" / "记录.txt").unlink(), "missing from the backup: media/a/记录.txt"),
    (lambda b: (b / "media" / "extra.bin").write_bytes(b"x"), "not in the manifest (added after the backup)"),
])
def test_a_backup_changed_since_it_was_made_is_refused_and_nothing_is_restored(tmp_path, damage, message):
    media = tmp_path / "media"
    (media / "a").mkdir(parents=True)
    (media / "a" / "记录.txt").write_bytes("入户走访".encode())
    backup(_sqlite_db(tmp_path / "site.sqlite3"), media, tmp_path / "backup")
    damage(tmp_path / "backup")
    target = tmp_path / "restored.sqlite3"
    with pytest.raises(BackupError, match=message.replace("(", r"\(").replace(")", r"\)")):
        restore(tmp_path / "backup", {"ENGINE": "django.db.backends.sqlite3", "NAME": str(target)},
                tmp_path / "restored-media")
    assert not target.exists() and not (tmp_path / "restored-media").exists()


def test_a_backup_goes_into_a_new_folder(tmp_path):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "old").write_text("x")
    with pytest.raises(BackupError, match="is not empty"):
        backup(_sqlite_db(tmp_path / "site.sqlite3"), tmp_path / "media", tmp_path / "backup")
