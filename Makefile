# Two commands for a newcomer: `make run` and `make test` (README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
DKFDS_VERSION ?= 11.2.0

.PHONY: install run test test-fast lint check pytest test-pg15 browser stop seed bench loadtest vendor clean messages backup smoke

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q ".[dev]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## Serve the portal with demo data at http://127.0.0.1:8000/ (embedded PostgreSQL + Redis, a real Celery worker)
run: install
	$(BIN)/python scripts/run_demo.py

## Lint, Django's checks, migrations in step, and the whole test suite (browser tests included)
test: install browser lint check pytest

## The everyday lane: lint, checks and the suite without browser and Celery-worker tests
test-fast: install lint check
	$(BIN)/python -m pytest -m "not browser and not worker"

## ruff, and the import contracts (pyproject.toml [tool.importlinter]): nothing imports upward
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

check: install
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run

pytest: install
	$(BIN)/python -m pytest

## The suite against the machine's own PostgreSQL 15, connected through DATABASE_URL as in production
test-pg15: install
	bash scripts/with_system_postgres.sh $(BIN)/python -m pytest -m "not browser"

## Debian's Chromium for the Playwright tests (needs root, as on CI)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; }
	@command -v pdftotext >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null

seed: install
	$(BIN)/python manage.py seed_demo --scale small

bench: install
	$(BIN)/python manage.py benchmark

## The Dockerfile's build steps, then the app in production mode on PostgreSQL 15 + redis-server
smoke:
	bash scripts/smoke_production.sh

## The database to a pg_dump file under BACKUP_DIR (.local/backups); restore: docs/operations.md
backup: install
	$(BIN)/python manage.py backup

## locust, 50 signed-in users, against gunicorn in production settings on a seeded
## DATABASE_NAME (default jobordninger_10x); LOADTEST_SECONDS (60), LOADTEST_PROCESSES
## (1; 2 = two gunicorn processes behind the users' round robin), docs/performance.md
loadtest: install
	$(BIN)/python loadtest/run.py

stop:
	-$(BIN)/python -m jobordninger.embedded stop

## Refresh the vendored design system (static/vendor/dkfds) from npm
vendor:
	$(PYTHON) scripts/vendor_dkfds.py $(DKFDS_VERSION)

clean: stop
	rm -rf .local staticfiles
