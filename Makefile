# The two commands of the README: `make run` and `make test`. Both work on a fresh machine with only
# Python 3.11+ installed: everything else (packages, PostgreSQL, Chromium for browser tests) is set up here.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements-dev.lock | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test attack screenshots setup install lock chromium bench lint db-stop

# The background worker (imports, matching runs; README, "Background work") runs beside the development server and stops
# with it, however runserver ends (Ctrl+C, an error).
run: setup
	$(PY) manage.py bootstrap
	@echo ""
	@echo "พอร์ทัลพร้อมใช้งานที่ http://$(HOST):$(PORT)/ (กด Ctrl+C เพื่อหยุด)"
	@echo "ข้อผิดพลาดแสดงเป็นหน้าภาษาไทยของพอร์ทัล หน้าดีบักของ Django (แสดงค่าตั้งระบบ เฉพาะเครื่องนักพัฒนา): DJANGO_DEBUG=1 make run"
	@$(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup chromium
	$(PY) -m pytest

# The attack of issue 16 (tests/test_attack.py): every probe over HTTP against a live portal on loopback.
attack: setup
	$(PY) -m pytest -m attack tests/test_attack.py

# A PNG of every main page of every role at desktop (1366) and phone width, in screenshots/ (git-ignored).
screenshots: setup chromium
	rm -rf screenshots && SCREENSHOTS_DIR=$(CURDIR)/screenshots $(PY) -m pytest -q tests/test_browser_pages.py -k axe
	@echo "ภาพหน้าจอทั้งหมดอยู่ในโฟลเดอร์ screenshots/"

setup: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

install: $(STAMP)

# Every package at the version and hash of requirements-dev.lock (the portal's dependencies, the embedded
# PostgreSQL and the test tools); the project itself without dependencies. `make lock` renews the lock files.
$(STAMP): pyproject.toml requirements-dev.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

# requirements.lock: a production install (no embedded PostgreSQL, no test tools); requirements-dev.lock: make
# run and make test. Both with hashes of every package, for every platform.
lock:
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --universal --python-version 3.11 -q --no-header -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --universal --python-version 3.11 -q --no-header \
		--extra embedded --extra dev -o requirements-dev.lock

# Browser tests drive Debian's Chromium; Playwright's own browser download cannot work offline.
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Browser tests need Chromium at /usr/bin/chromium: run 'sudo apt-get install chromium' (Debian/Ubuntu)."; \
		exit 1; \
	fi

# Benchmarks use their own database (welfare_bench) on the embedded server; BENCH_ARGS passes options,
# e.g. `make bench BENCH_ARGS="--rows 20000"`.
bench: install
	EMBEDDED_DATABASE_NAME=welfare_bench $(PY) manage.py migrate --noinput -v0
	EMBEDDED_DATABASE_NAME=welfare_bench $(PY) manage.py bench $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

db-stop: install
	$(PY) -c "from welfare_portal.embedded_postgres.server import stop; from welfare_portal.settings import EMBEDDED_PGDATA; stop(EMBEDDED_PGDATA)"
