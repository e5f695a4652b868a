"""Issue 15 item 8: with PostgreSQL restarted mid-use, the application recovers by itself, without a restart.

A private PostgreSQL cluster (initdb in a temporary folder, its own port) serves a real gunicorn running the
application with kept connections (CONN_MAX_AGE=600); `/healthz` is asked before, during and after restarts of
that cluster. The machine's shared PostgreSQL is never touched.
"""

import contextlib
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql" or not BIN,
    reason="needs PostgreSQL's server binaries; CI runs this in its PostgreSQL stage")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(args, **kwargs):
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(prefix + args, check=True, capture_output=True, text=True, timeout=120, **kwargs)


def ask(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (our own server on 127.0.0.1)
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def cluster():
    base = Path(tempfile.mkdtemp(prefix="pg-restart-"))
    data, port = base / "data", free_port()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
    bin_dir = BIN[-1]
    as_postgres([f"{bin_dir}/initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"])
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"

    def pg_ctl(*args):
        as_postgres([f"{bin_dir}/pg_ctl", "-D", str(data), "-o", options, "-l", str(base / "log"), "-w", *args])

    pg_ctl("start")
    yield port, pg_ctl
    with contextlib.suppress(subprocess.CalledProcessError):
        pg_ctl("stop", "-m", "immediate")
    shutil.rmtree(base, ignore_errors=True)


def test_the_site_answers_again_by_itself_after_the_database_restarts(cluster):
    db_port, pg_ctl = cluster
    app_port = free_port()
    env = {**os.environ, "ALLOW_INSECURE_DEV_KEY": "1", "CONN_MAX_AGE": "600",
           "DATABASE_URL": f"postgres://postgres@127.0.0.1:{db_port}/postgres"}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "ningbo_sws.wsgi:application", "--bind",
         f"127.0.0.1:{app_port}", "--workers", "1", "--threads", "1"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{app_port}/healthz"
    try:
        for _ in range(100):
            try:
                ask(url)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        assert ask(url) == (200, {"status": "ok", "database": "ok"})
        assert ask(url)[0] == 200  # the kept connection is reused

        pg_ctl("restart", "-m", "fast")  # every server connection is cut
        assert ask(url) == (200, {"status": "ok", "database": "ok"})  # the first request after it already works

        pg_ctl("stop", "-m", "fast")
        assert ask(url) == (503, {"status": "unavailable", "database": "unreachable"})  # not a 500
        pg_ctl("start")
        assert ask(url) == (200, {"status": "ok", "database": "ok"})
        assert server.poll() is None  # the same application process throughout
    finally:
        server.terminate()
        server.wait(timeout=20)
