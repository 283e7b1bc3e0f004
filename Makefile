# Kunskapsnav: `make demo` runs the product, `make test` runs every test.
# Needs only Python 3.11, git and make: uv is installed from PyPI when missing.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
export UV_PYTHON_DOWNLOADS := never
# The real interpreter, not a pyenv shim: uv would otherwise rebuild .venv on every call.
export UV_PYTHON := $(shell $(PYTHON) -c 'import sys; print(sys.executable)')
KN := .venv/bin/kunskapsnav
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_ENV := DEBUG=0 SECRET_KEY="$$(cat var/secret_key)" SESSION_COOKIE_SECURE=0 \
	SECURE_HSTS_SECONDS=0 ALLOWED_HOSTS=127.0.0.1,localhost SITE_URL=http://$(HOST):$(PORT)

.PHONY: help demo serve install install-dev test lint format audit bench load chromium messages clean

help:
	@echo "make demo   install, migrate, load reference data, create the demo login and serve on http://$(HOST):$(PORT)"
	@echo "make test   install the dev dependencies (and chromium) and run the whole test suite"
	@echo "make lint   ruff and mypy (strict)"
	@echo "make audit  pip-audit: known vulnerabilities in the locked dependencies (needs network)"
	@echo "make bench  benchmarks"
	@echo "make load   load test: gunicorn under 50 locust users for 60 s, and no lost updates"

$(UV):
	$(PYTHON) -m pip install --user --quiet uv

install: $(UV)
	@# --inexact keeps dev tools that `make test` installed in the same .venv
	$(UV) sync --locked --no-dev --inexact --quiet

install-dev: $(UV)
	$(UV) sync --locked

var/secret_key:
	@mkdir -p var
	@$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	@chmod 600 $@

demo: install var/secret_key
	@echo "== Databas (SQLite i var/)"
	@$(DEMO_ENV) $(KN) migrate --noinput --verbosity 0 && echo "Databasen är uppdaterad."
	@echo "== Referensdata"
	@$(DEMO_ENV) $(KN) load_reference
	@echo "== Demodata (Dalarnas organ enligt protokollen)"
	@$(DEMO_ENV) $(KN) load_demo
	@$(DEMO_ENV) $(KN) collectstatic --noinput --verbosity 0
	@echo "== Demo-inloggning"
	@$(DEMO_ENV) $(KN) demo_setup
	@echo "Kunskapsnav körs på http://$(HOST):$(PORT)  (avsluta med Ctrl-C)"
	@# The task worker (bulk import) runs beside the web server and stops with it.
	@$(DEMO_ENV) $(KN) db_worker --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) .venv/bin/gunicorn kunskapsnav.wsgi --bind $(HOST):$(PORT) --workers 2 --threads 4 \
		--access-logfile - --error-logfile - --log-level warning

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: install-dev chromium
	$(UV) run --locked pytest -n 2

lint: install-dev
	$(UV) run --locked ruff check src tests
	$(UV) run --locked ruff format --check src tests
	$(UV) run --locked mypy

format: install-dev
	$(UV) run --locked ruff format src tests
	$(UV) run --locked ruff check --fix src tests

# The locked requirements, checked against the PyPI/OSV advisory databases. Not part of `make test`
# or CI: it needs the network and its answer changes with the advisories, not with our code.
# --strict: a package that could not be checked fails the audit instead of passing silently.
audit: install-dev
	@mkdir -p var
	$(UV) export --format requirements-txt --locked --no-emit-project --quiet > var/requirements-audit.txt
	$(UV) run --locked pip-audit --strict --disable-pip -r var/requirements-audit.txt

messages: install-dev
	cd src/kunskapsnav && ../../$(KN) makemessages -l en --no-obsolete --add-location file && ../../$(KN) compilemessages -l en

# The key pages run at national scale (built once into var/bench/, about half an hour the first
# time); PostgreSQL as well when BENCH_POSTGRES_URL is set. Figures also in bench/results.json.
bench: install-dev
	$(UV) run --locked python -m kunskapsnav.minutes.bench
	$(UV) run --locked python -m kunskapsnav.search.bench
	$(UV) run --locked python -m kunskapsnav.core.bench_pages

# A fresh SQLite database under var/load/, gunicorn as `make demo` runs it, locust headless;
# the figures go under "load" in bench/results.json. Fails on any error or lost update.
load: install-dev
	$(UV) run --locked python -m kunskapsnav.core.loadtest --scale 0.1 --users 50 --run-time 60

clean:
	rm -rf .venv var .mypy_cache .ruff_cache .pytest_cache test-artifacts
