# Set-up, run and test commands; the README explains each.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The suite runs against PostgreSQL; override for another server.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/nectar
CHROMIUM ?= /usr/bin/chromium

.PHONY: install run test lint format migrate seed clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

migrate: install
	DEBUG=1 $(PY) manage.py migrate --noinput

seed: migrate
	DEBUG=1 $(PY) manage.py seed_demo

run: seed
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

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
