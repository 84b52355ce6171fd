# MetroAgora: `make run` serves the demo, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint typecheck migrations-check pytest bench messages clean

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "MetroAgora needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock | $(VENV)/bin/python
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.lock
	@touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.lock
	@touch $@

run: $(VENV)/.installed
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py seed_demo --if-empty
	DEBUG=true $(PY) manage.py seed_demo_events --if-empty
	DEBUG=true $(PY) manage.py seed_demo_forum --if-empty
	DEBUG=true $(PY) manage.py seed_demo_practices --if-empty
	DEBUG=true $(PY) manage.py seed_demo_opinions --if-empty
	DEBUG=true $(PY) manage.py seed_demo_funding --if-empty
	DEBUG=true $(PY) manage.py seed_demo_decisions --if-empty
	DEBUG=true $(PY) manage.py seed_demo_website --if-empty
	DEBUG=true $(PY) manage.py seed_demo_videos --if-empty
	DEBUG=true $(PY) manage.py seed_demo_newsletter --if-empty
	DEBUG=true $(PY) manage.py seed_demo_publications --if-empty
	DEBUG=true $(PY) manage.py refresh_impact --no-progress
	DEBUG=true $(PY) manage.py build_open_data --no-progress
	DEBUG=true $(PY) manage.py rebuild_search_index --no-progress
	@echo "MetroAgora demo: http://$(HOST):$(PORT)/"
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.installed-dev
	$(VENV)/bin/mypy metroagora e2e bench scripts manage.py

migrations-check: $(VENV)/.installed-dev
	$(PY) manage.py makemigrations --check --dry-run

pytest: $(VENV)/.installed-dev
	$(PY) -m pytest -rs

test: lint typecheck migrations-check pytest

# QUICK=1: short runs, report in var/benchmarks-quick.md; ONLY=scale,api: some steps only.
bench: $(VENV)/.installed-dev
	$(PY) bench/run.py $(if $(QUICK),--quick,) $(if $(ONLY),--only $(ONLY),)

# Refresh the translation catalogs after changing texts (needs GNU gettext).
messages: $(VENV)/.installed-dev
	cd metroagora && DEBUG=true ../$(PY) ../manage.py makemessages -l en -l fr -l de -l it -l es -l pl --no-location
	cd metroagora && DEBUG=true ../$(PY) ../manage.py compilemessages

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
