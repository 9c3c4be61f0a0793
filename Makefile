# Two commands do everything on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
VAR := var
export DJANGO_SETTINGS_MODULE ?= config.settings

.PHONY: help run test fuzz ci lint format bench assets messages migrate demo-data deps dev-deps system-deps clean

help:
	@echo "make run   - set up everything and start web server, worker and scheduler on http://127.0.0.1:$(PORT)"
	@echo "make test  - set up what the tests need and run the whole suite (with the API fuzzer)"
	@echo "make fuzz  - the API fuzzer alone (FUZZ_MAX_EXAMPLES=100 FUZZ_TIME_CAP=900 make fuzz to go deeper)"
	@echo "make lint  - ruff check, format check and the import layers (lint-imports)"
	@echo "make bench - the performance benchmark"

$(VAR):
	@mkdir -p $(VAR)

# --- Python ---------------------------------------------------------------
$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 ($(PYTHON)) is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VAR)/.deps: requirements.txt | $(PY) $(VAR)
	$(PIP) install --quiet -r requirements.txt
	@touch $@

$(VAR)/.dev-deps: requirements-dev.txt requirements.txt | $(PY) $(VAR)
	$(PIP) install --quiet -r requirements-dev.txt
	@touch $@

deps: $(VAR)/.deps
dev-deps: $(VAR)/.dev-deps

# --- Debian packages: gettext for the Danish messages, xmlsec1 for SAML signatures (pysaml2), Chromium for browser tests
# WeasyPrint (the PDFs of advisory/reports) loads Pango, HarfBuzz and fontconfig with ctypes and needs a font: no
# import error tells which is missing until a PDF is made, so they are checked by package.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 fonts-dejavu-core
system-deps:
	@missing=""; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	command -v xmlsec1 >/dev/null 2>&1 || missing="$$missing xmlsec1"; \
	for pkg in $(PDF_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# The browser tests run in Chromium's headless shell (same engine, a fifth less CPU than the full browser).
browser-deps:
	@if [ ! -x /usr/bin/chromium-headless-shell ]; then \
	  echo "Installing Debian's chromium-headless-shell for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium-headless-shell >/dev/null; \
	fi

# --- Front-end assets: DKFDS and htmx from npm, pinned by package-lock.json
static/vendor/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/vendor && mkdir -p static/vendor/dkfds static/vendor/htmx
	cp -r node_modules/dkfds/dist/css node_modules/dkfds/dist/js node_modules/dkfds/dist/fonts node_modules/dkfds/dist/img static/vendor/dkfds/
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	@touch $@

assets: static/vendor/.stamp

messages: system-deps deps
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

migrate: deps | $(VAR)
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py createcachetable

demo-data: migrate
	$(PY) manage.py load_reference_data
	$(PY) manage.py load_demo_data

# --- The two commands -----------------------------------------------------
run: deps assets messages demo-data
	@bash scripts/run.sh $(PORT)

# The API fuzzer (tests/fuzz, marked "fuzz": two tests of about two minutes, one per role) runs in this same run;
# its tests are collected first, so each starts on a worker at once instead of lengthening the end.
# Python's compiled modules (and pytest's assertion-rewritten test modules) are kept in var/pycache even where the
# environment says not to write them (PYTHONDONTWRITEBYTECODE): otherwise each test process compiles and rewrites
# every module again, about 10 s of CPU per process on the 2-core machine.
test: dev-deps assets messages browser-deps | $(VAR)
	PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/$(VAR)/pycache $(PY) -m pytest -n 2 --dist loadgroup -q $(PYTEST_ARGS)

fuzz: dev-deps
	$(PY) -m pytest -p no:xdist -q -m fuzz tests/fuzz $(PYTEST_ARGS)

lint: dev-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: dev-deps
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Pages at scale (var/bench.sqlite3, built once and reused; the engine's benchmark runs inside) on one core
# (taskset where the machine has it). BENCH_ARGS="--postgres" for PostgreSQL, "--load 60" for the gunicorn run,
# "--scale-out" for two servers, two workers and two schedulers on PostgreSQL (bench/scale_out.py, every core).
bench: dev-deps
	$$(command -v taskset >/dev/null && echo "taskset -c 0") $(PY) -W ignore bench/bench_pages.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles $(VAR)
