"""Backup and restore of the whole installation (issue 15 item 8): the database and the uploaded files.

A backup is a folder: `database.dump` (PostgreSQL, `pg_dump --format=custom`) or `database.sqlite3` (SQLite,
the online backup API, consistent while the site runs), `media/` (a copy of MEDIA_ROOT) and `manifest.json`
(size, SHA-256 and SM3 of every file, through `lib.manifest`). A restore checks the manifest first and refuses
a backup with a changed, missing or added file, naming it; it restores only into an empty database, so nothing
that exists is overwritten.
"""

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .manifest import digest_stream

MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def _pg_env(db: dict) -> dict:
    env = {**os.environ}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _run(tool: str, args: list[str], db: dict) -> str:
    """Run a PostgreSQL client tool found on PATH; a failure becomes a BackupError with what the tool said."""
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(f"{tool} is not installed (Debian: postgresql-client)")
    # The arguments are ours; the database name is passed as --dbname=..., never as a bare (option-like) word.
    result = subprocess.run([executable, *args], env=_pg_env(db), capture_output=True, text=True)  # noqa: S603
    if result.returncode:
        raise BackupError(f"{tool} failed: {result.stderr.strip()[:500]}")
    return result.stdout


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name != MANIFEST)


def digests(root: Path) -> dict[str, dict]:
    result = {}
    for path in _files(root):
        with path.open("rb") as handle:
            size, sha256, sm3 = digest_stream(handle)
        result[path.relative_to(root).as_posix()] = {"size": size, "sha256": sha256, "sm3": sm3}
    return result


def backup(db: dict, media_root: Path, target: Path) -> dict:
    """Write a backup of the database `db` (a DATABASES entry) and of `media_root` into the new folder `target`."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: a backup goes into a new folder")
    target.mkdir(parents=True, exist_ok=True)
    engine = db["ENGINE"]
    if engine.endswith("postgresql"):
        _run("pg_dump", ["--format=custom", "--no-owner", f"--file={target / 'database.dump'}",
                         f"--dbname={db['NAME']}"], db)
    elif engine.endswith("sqlite3"):
        source = sqlite3.connect(db["NAME"])
        copy = sqlite3.connect(target / "database.sqlite3")
        with copy:
            source.backup(copy)
        source.close()
        copy.close()
    else:
        raise ImproperlyConfigured(f"no backup for the database engine {engine}")
    if Path(media_root).is_dir():
        shutil.copytree(media_root, target / "media")
    manifest = {"format": 1, "engine": engine.rsplit(".", 1)[-1], "files": digests(target)}
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def verify(source: Path) -> dict:
    """The manifest of the backup in `source`, after checking every file against it."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} holds no readable {MANIFEST}: {exc}") from None
    found, listed = digests(source), manifest["files"]
    for name in sorted(set(found) | set(listed)):
        if name not in found:
            raise BackupError(f"missing from the backup: {name}")
        if name not in listed:
            raise BackupError(f"not in the manifest (added after the backup): {name}")
        if found[name] != listed[name]:
            raise BackupError(f"changed since the backup: {name}")
    return manifest


def restore(source: Path, db: dict, media_root: Path) -> dict:
    """Restore the backup in `source` into the empty database `db` and the empty or missing `media_root`."""
    source, media_root = Path(source), Path(media_root)
    manifest = verify(source)
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"{media_root} is not empty: restore into a new media folder")
    engine = db["ENGINE"]
    if engine.endswith("postgresql"):
        tables = _run("psql", ["-tAc", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
                               f"--dbname={db['NAME']}"], db).strip()
        if tables != "0":
            raise BackupError(f"the database {db['NAME']} is not empty ({tables} tables): restore into a new one")
        _run("pg_restore", ["--no-owner", "--exit-on-error", f"--dbname={db['NAME']}",
                            str(source / "database.dump")], db)
    elif engine.endswith("sqlite3"):
        target = Path(db["NAME"])
        if target.exists() and target.stat().st_size:
            raise BackupError(f"the database {target} exists: restore into a new file")
        shutil.copyfile(source / "database.sqlite3", target)
    else:
        raise ImproperlyConfigured(f"no restore for the database engine {engine}")
    if (source / "media").is_dir():
        shutil.copytree(source / "media", media_root, dirs_exist_ok=True)
    return manifest
