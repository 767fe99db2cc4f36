# Set-up, run and test commands; the README explains each.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The suite runs against PostgreSQL; override for another server.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/nectar
CHROMIUM ?= /usr/bin/chromium
PORT ?= 8000

.PHONY: install run test lint format migrate seed clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

# Serves as production does (DEBUG off, static files through WhiteNoise), so error
# pages are the product's own. DEBUG=1 make run shows Django's debug pages instead.
run: seed
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Open http://127.0.0.1:$(PORT)/ and log in with a demo login above."
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	@test -x $(CHROMIUM) || echo "NOTE: $(CHROMIUM) not found, so the browser tests skip. Install it with: apt-get install chromium"
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
