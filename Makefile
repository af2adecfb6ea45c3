# The two commands: `make run` and `make test`. Everything else is a step they call.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
DEV_ENV := DJANGO_DEBUG=1 IPROCEEDS_DEMO_MODE=1 IPROCEEDS_WEBAUTHN_ORIGINS=http://localhost:$(PORT)

.PHONY: run test test-sqlite test-postgres test-e2e lint typecheck check-migrations messages compile-messages setup clean

$(VENV)/.installed: pyproject.toml constraints.txt moneytrace/pyproject.toml
	@test -x $(PY) || $$(scripts/find-python) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ./moneytrace -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(VENV)/.installed node_modules/.installed compile-messages
	@mkdir -p var

compile-messages: $(VENV)/.installed
	$(DEV_ENV) $(MANAGE) compilemessages --ignore='.venv/*' --ignore='node_modules/*' -v 0

run: setup
	$(DEV_ENV) $(MANAGE) migrate --no-input -v 0
	$(DEV_ENV) $(MANAGE) load_directory
	$(DEV_ENV) $(MANAGE) load_catalogue
	$(DEV_ENV) $(MANAGE) seed_demo
	$(DEV_ENV) $(PY) scripts/run_all.py --host $(HOST) --port $(PORT)

test: setup lint check-migrations test-sqlite test-postgres test-e2e

test-sqlite:
	env -u DATABASE_URL $(PY) -m pytest -m "not e2e" -n 2 -q

test-postgres:
	@if [ -n "$$DATABASE_URL" ]; then $(PY) -m pytest -m "not e2e" -n 2 -q; \
	else echo "DATABASE_URL not set: PostgreSQL run skipped (.ci/run sets it)"; fi

test-e2e:
	env -u DATABASE_URL $(PY) -m pytest -m e2e -q

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy iproceeds config moneytrace/src

check-migrations: $(VENV)/.installed
	env -u DATABASE_URL DJANGO_DEBUG=1 $(MANAGE) makemigrations --check --dry-run -v 0

LOCALES := fr sq sr_Latn sr mk bs tr
MAKEMESSAGES_IGNORE := --ignore='.venv/*' --ignore='node_modules/*' --ignore='moneytrace/*' --ignore='benchmarks/*' --ignore='e2e/*' --ignore='var/*'

messages: $(VENV)/.installed
	DJANGO_DEBUG=1 $(MANAGE) makemessages $(addprefix --locale ,$(LOCALES)) --no-obsolete --no-location $(MAKEMESSAGES_IGNORE)

clean:
	rm -rf $(VENV) node_modules var

# The cooperation speed benchmark (issue 4): seeds 100,000 requests into PostgreSQL, then measures the
# inbox and request pages and their API under gunicorn with 20 clients. BENCH_ARGS="--requests 5000" for a quick run.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/iproceeds_bench
.PHONY: bench-cooperation
bench-cooperation: $(VENV)/.installed
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) benchmarks/cooperation/bench.py $(BENCH_ARGS)
