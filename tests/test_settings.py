"""Settings are safe by default: a laptop runs without a SECRET_KEY, a deployment that names its database
cannot start with the public development key (the field encryption key derives from it)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage_check(**env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOW_INSECURE_DEV_KEY", "DEBUG",
                                                              "DATABASE_URL"}}
    env.update(env_overrides)
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_a_laptop_runs_manage_py_without_a_secret_key():
    assert manage_check().returncode == 0


def test_a_deployment_with_a_named_database_needs_a_secret_key():
    result = manage_check(DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
    assert manage_check(DATABASE_URL="postgres://nobody@127.0.0.1:1/none", SECRET_KEY="x" * 50).returncode == 0
