# Hoofdzaak Werk portaal — developer entry points. `make help` lists them.
#
#   make demo    run the portal locally with demo data (SQLite, a Celery worker, http://127.0.0.1:8000; PORT=8001 elsewhere)
#   make test    install/start PostgreSQL + Redis, install deps, run the checks and tests

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PY   := .venv/bin/python
RUFF := .venv/bin/ruff

export UV_PYTHON_DOWNLOADS := never
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

# Demo/development only. Never use this key anywhere reachable by others.
DEMO_SECRET_KEY := demo-only-insecure-secret-key-do-not-use-in-production
# Local development: DEBUG on, the demo key unless DJANGO_SECRET_KEY is already set.
DEV_ENV = DJANGO_DEBUG=1 DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$(DEMO_SECRET_KEY)}"
# Broker for `make worker` / `make beat` unless CELERY_BROKER_URL is already set.
DEV_BROKER_URL := redis://127.0.0.1:6379/0

# `manage.py check --deploy` as production would run: DEBUG off, a fresh random key, a real host name.
CHECK_DEPLOY_ENV = env -u DATABASE_URL -u DJANGO_SECURE_SSL_REDIRECT -u PORTAAL_HOST_PREFIX_COOKIES \
	DJANGO_DEBUG=0 \
	DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	PORTAAL_AUDIT_SLEUTEL="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	PORTAAL_KOPPEL_SLEUTEL="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	DJANGO_ALLOWED_HOSTS=portaal.example.nl
CHECK_DEPLOY = $(CHECK_DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING

# Test settings: the real services started by scripts/services.sh.
# Override e.g. `make test PYTEST_ARGS="-n 2 -k rapport"`.
# One random id per `make test`: its own test databases (test_hoofdzaak_<id>_gw<n>, dropped afterwards) and
# Redis key prefixes, so two runs on one machine never meet. Live servers and workers take free ports/queues.
TEST_RUN := $(shell od -An -N4 -tx4 /dev/urandom | tr -d ' ')
# pytest-django creates and migrates the test databases as the owner (TEST_DATABASE_URL); the owner then grants
# PORTAAL_DB_APP_ROLE its rights, and tests/conftest.py switches the connection to that role
# (TEST_APP_DATABASE_URL: user and password) for the tests themselves, as web, worker and beat run in production.
TEST_DATABASE_URL ?= postgres://hoofdzaak:hoofdzaak@127.0.0.1:5432/hoofdzaak_$(TEST_RUN)
TEST_APP_DATABASE_URL ?= postgres://hoofdzaak_app:hoofdzaak_app@127.0.0.1:5432/
PYTEST_ARGS ?= -n 2
TEST_ENV = env -u EMAIL_HOST \
	DJANGO_DEBUG=0 \
	DJANGO_SECRET_KEY=test-only-insecure-secret-key \
	DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost,testserver \
	DJANGO_SECURE_SSL_REDIRECT=0 \
	DATABASE_URL=$(TEST_DATABASE_URL) \
	PORTAAL_DB_APP_ROLE=hoofdzaak_app \
	TEST_APP_DATABASE_URL=$(TEST_APP_DATABASE_URL) \
	PORTAAL_AUDIT_SLEUTEL=test-only-auditlog-sleutel \
	PORTAAL_KOPPEL_SLEUTEL=test-only-koppel-sleutel \
	PORTAAL_QUERYSJABLONEN_CONTROLEREN=1 \
	CELERY_BROKER_URL=redis://127.0.0.1:6379/1 \
	CACHE_URL=redis://127.0.0.1:6379/2 \
	CACHE_KEY_PREFIX=test-$(TEST_RUN) \
	CELERY_KEY_PREFIX=test-$(TEST_RUN): \
	CHROMIUM_EXECUTABLE=/usr/bin/chromium

.PHONY: help deps deps-python deps-node demo services test check-deploy scan lint format worker beat clean bench check-targets

help: ## list the targets
	@echo "Hoofdzaak Werk portaal — make targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) \
		| awk 'BEGIN {FS = ":.*## "} {printf "  make %-12s %s\n", $$1, $$2}'

deps: deps-python deps-node ## install uv if missing, `uv sync --frozen` (.venv) and `npm ci` (node_modules)

deps-python: ## only the Python part of deps (.venv)
	bash scripts/deps.sh python

deps-node: ## only the npm part of deps (node_modules)
	bash scripts/deps.sh node

var:
	mkdir -p var

demo: deps | var ## migrate + load demo data into SQLite (var/), serve http://127.0.0.1:$PORT (8000) with a Celery worker and beat
	bash scripts/services.sh pdf
	$(DEV_ENV) PORT="$${PORT:-8000}" $(PY) manage.py migrate --noinput
	$(DEV_ENV) PORT="$${PORT:-8000}" $(PY) manage.py laad_demo
	$(DEV_ENV) bash scripts/demo.sh

services: ## install (if missing) and start PostgreSQL + Redis, create the hoofdzaak role/db (root)
	bash scripts/services.sh

test: services deps ## services + deps, then makemigrations --check, check --deploy and pytest (PostgreSQL, Redis, Chromium)
	$(TEST_ENV) DATABASE_URL=postgres://hoofdzaak:hoofdzaak@127.0.0.1:5432/hoofdzaak $(PY) manage.py makemigrations --check --dry-run
	$(CHECK_DEPLOY)
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

check-deploy: deps-python | var ## Django's deployment checks with production-like settings; fails on any warning
	$(CHECK_DEPLOY)

scan: deps | var ## sqlmap + wapiti against the portal with demo data on 127.0.0.1; fails on any finding
	bash scripts/scan.sh

lint: deps-python ## ruff check + ruff format --check
	$(RUFF) check .
	$(RUFF) format --check .

format: deps-python ## apply ruff's fixes and formatting
	$(RUFF) check --fix .
	$(RUFF) format .

bench: services deps | var ## national-scale benchmark (generates hoofdzaak_landelijk if empty); table + var/bench.json, fails on a missed budget
	command -v wrk >/dev/null || apt-get install -y wrk
	PGPASSWORD=hoofdzaak $(PY) scripts/bench.py $(BENCH_ARGS)

worker: deps-python | var ## Celery worker (starts a local Redis; uses CELERY_BROKER_URL or redis://127.0.0.1:6379/0)
	bash scripts/services.sh worker
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) CELERY_BROKER_URL="$${CELERY_BROKER_URL:-$(DEV_BROKER_URL)}" \
		.venv/bin/celery -A hoofdzaak worker -l info --pool prefork --concurrency 2

beat: deps-python | var ## Celery beat scheduler (same broker as `make worker`)
	bash scripts/services.sh worker
	$(DEV_ENV) CELERY_BROKER_URL="$${CELERY_BROKER_URL:-$(DEV_BROKER_URL)}" \
		.venv/bin/celery -A hoofdzaak beat -l info -s var/celerybeat-schedule

check-targets: deps | var ## every make target has what it needs from a clean clone (dry runs; used by .ci/run)
	bash scripts/check_targets.sh

clean: ## remove var/ (demo database, generated files), .venv and node_modules
	rm -rf var .venv node_modules
