# 宁波社工站管理平台 — developer commands. GNU make; run from the repository root.
#
#   make run        set up, load divisions and demo data, print demo logins, serve on http://127.0.0.1:$(PORT)/
#                   with a background-job worker beside the server (stopped with it)
#   make test       run the test suite (ARGS="-k foo -x" passes arguments; DATABASE_URL picks the database)
#   make lint       ruff, import layering, missing migrations
#   make messages   extract and compile translations (zh_Hans, en)
#   make clean      remove the local SQLite database, collected static files and uploads

VENV    ?= .venv
PY      := $(VENV)/bin/python
MANAGE  := $(PY) manage.py
PYTHON3 ?= python3
PORT    ?= 8000
ARGS    ?=
# pytest-xdist workers for `make test` (each gets its own test database); TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 2

SHELL       := bash
.SHELLFLAGS := -euo pipefail -c
# Each recipe runs in one shell, so an `export` or a failure carries through the whole recipe.
.ONESHELL:
.DEFAULT_GOAL := help

.PHONY: help venv system-deps run test lint messages clean

help:
	@sed -n '3,8s/^# \{0,1\}//p' $(firstword $(MAKEFILE_LIST))

# ---- Python environment --------------------------------------------------------------------------------------
# pip runs only when a requirements file is newer than the stamp, so repeated `make` calls are fast.
venv: $(VENV)/.installed

$(PY):
	$(PYTHON3) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

# ---- Debian packages: chromium, a CJK font, harfbuzz subsetting, poppler-utils, gettext ------------------------
system-deps:
	@bash scripts/system-deps.sh

# ---- Serve the demo ------------------------------------------------------------------------------------------
run: venv
	@if [ -z "$${SECRET_KEY:-}" ]; then
	  echo "SECRET_KEY is not set: using the insecure development key (ALLOW_INSECURE_DEV_KEY=1)."
	  export ALLOW_INSECURE_DEV_KEY=1
	fi
	echo "==> migrate"
	$(MANAGE) migrate --noinput
	echo "==> load_divisions"
	$(MANAGE) load_divisions
	echo "==> seed_demo"
	$(MANAGE) seed_demo
	echo "==> collectstatic"
	$(MANAGE) collectstatic --noinput -v0
	echo
	echo "================ Demo logins (one per role) ================"
	$(MANAGE) seed_demo --logins --table
	echo "============================================================"
	echo
	# The background-job worker runs beside gunicorn and is stopped with it (the trap), however gunicorn ends.
	if [ -n "$${REDIS_URL:-}" ]; then
	  echo "==> background jobs: RQ worker on REDIS_URL (manage.py rqworker)"
	  $(MANAGE) rqworker --job-class django_tasks_rq.Job default &
	else
	  echo "==> background jobs: database worker (manage.py db_worker)"
	  $(MANAGE) db_worker --no-reload --interval 1 &
	fi
	worker=$$!
	stop_worker() { kill "$$worker" 2>/dev/null || true; wait "$$worker" 2>/dev/null || true; echo "Worker stopped."; }
	trap stop_worker EXIT
	trap 'exit 130' INT TERM
	echo "Background worker started (pid $$worker); it stops when the server stops."
	echo "Serving on http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"
	$(VENV)/bin/gunicorn ningbo_sws.wsgi:application --bind 127.0.0.1:$(PORT) --workers 2 \
	  --access-logfile - --graceful-timeout 5

# ---- Checks --------------------------------------------------------------------------------------------------
# DATABASE_URL comes from the environment (empty: SQLite; postgres://...: PostgreSQL).
test: venv system-deps
	@export ALLOW_INSECURE_DEV_KEY=1
	echo "==> pytest on $$(printf '%s' "$${DATABASE_URL:-SQLite (DATABASE_URL empty)}" | sed -E 's#//([^:/@]*):[^@]*@#//\1:***@#')"
	$(PY) -m pytest -p no:cacheprovider -n $(TEST_WORKERS) $(ARGS)

lint: venv
	@echo "==> ruff check"
	$(VENV)/bin/ruff check .
	echo "==> lint-imports"
	$(VENV)/bin/lint-imports
	echo "==> makemigrations --check"
	ALLOW_INSECURE_DEV_KEY=1 $(MANAGE) makemigrations --check --dry-run

# ---- Translations --------------------------------------------------------------------------------------------
messages: venv
	@export ALLOW_INSECURE_DEV_KEY=1
	$(MANAGE) makemessages -l zh_Hans -l en --add-location=file \
	  --ignore='.venv/*' --ignore='staticfiles/*' --ignore='media/*' --ignore='test-artifacts/*' --ignore='tests/*'
	$(MANAGE) compilemessages --ignore=.venv --ignore=staticfiles --ignore=media

# ---- Local data ----------------------------------------------------------------------------------------------
clean:
	rm -rf db.sqlite3 db.sqlite3-journal db.sqlite3-wal db.sqlite3-shm staticfiles media test-artifacts
