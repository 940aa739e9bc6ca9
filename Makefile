# Anjian — make run | make test | make bench
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/anjian
HOST ?= 127.0.0.1
PORT ?= 8000
# The database passes run on every core (pytest-xdist); tests marked xdist_group stay on one worker.
PYTEST_WORKERS ?= auto
XDIST := -n $(PYTEST_WORKERS) --dist loadgroup
export PATH := $(abspath $(BIN)):$(PATH)
# Everything make starts is a development or test run: keys are made under var/ when not given (ADR 0032).
# A real deployment runs without make, with ANJIAN_ENV unset (= production) and its variables (docs/operations.md).
export ANJIAN_ENV ?= development

.PHONY: run test venv apt lint contracts migrations-check test-domain test-sqlite test-pg test-slow test-api bench clean apt

$(BIN)/python:
	@command -v $(PY) >/dev/null 2>&1 || { echo "需要 Python 3.11（$(PY)）"; exit 1; }
	$(PY) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt pyproject.toml
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

venv: $(VENV)/.installed apt

# System packages (fonts; for the tests also PDF tools and chromium): installed only when missing; needs root or sudo.
# A production server installs apt-packages.txt only (docs/operations.md).
APT_LISTS := apt-packages.txt apt-packages-test.txt
apt:
	@missing=$$(cat $(APT_LISTS) | grep -v '^#' | xargs -r -n1 sh -c 'dpkg -s "$$0" >/dev/null 2>&1 || echo "$$0"'); \
	if [ -n "$$missing" ]; then \
		echo "安装系统软件包：$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# --- run (issue 13): the production server (gunicorn, static files collected and compressed) and the worker.
.PHONY: dev
run: venv
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py bootstrap
	ANJIAN_STATIC_MANIFEST=1 $(BIN)/python manage.py collectstatic --noinput -v0
	ANJIAN_STATIC_MANIFEST=1 $(BIN)/python scripts/serve.py --host $(HOST) --port $(PORT)

# Django's development server (reloads on code changes, static files from the app folders); no worker.
dev: venv
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py bootstrap
	@echo ""
	@echo "安监系统（开发服务器）：http://$(HOST):$(PORT)/   （Ctrl-C 停止）"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)
# --- end run

lint: venv
	$(BIN)/ruff check .

contracts: venv
	$(BIN)/lint-imports

migrations-check: venv
	ANJIAN_VAR_DIR=$$(mktemp -d) $(BIN)/python manage.py makemigrations --check --dry-run

test-domain: venv
	$(BIN)/pytest -p no:django -W ignore::pytest.PytestConfigWarning tests/domain

# The domain tier runs once, above; the database passes leave it out. Slow tests (full-size demo data …) run
# in the PostgreSQL pass only, and on SQLite with `make test-slow`.
test-sqlite: venv  # files in Django's InMemoryStorage (ADR 0034); the PostgreSQL pass keeps them on disk
	ANJIAN_STORAGE=memory ANJIAN_VAR_DIR=$$(mktemp -d) $(BIN)/pytest -p no:cacheprovider $(XDIST) -m "not slow" --ignore=tests/domain tests

test-pg: venv
	@if $(BIN)/python scripts/pg_ready.py "$(PG_URL)"; then \
		DATABASE_URL=$(PG_URL) ANJIAN_VAR_DIR=$$(mktemp -d) $(BIN)/pytest -p no:cacheprovider $(XDIST) --ignore=tests/domain tests; \
	elif [ "$$CI" = "true" ]; then \
		echo "CI=true：PostgreSQL（$(PG_URL)）不可用，测试失败"; exit 1; \
	else \
		echo "PostgreSQL 不可用，跳过 PostgreSQL 测试（CI=true 时为必需）"; \
	fi

test-slow: venv
	ANJIAN_VAR_DIR=$$(mktemp -d) $(BIN)/pytest -p no:cacheprovider $(XDIST) -m slow --ignore=tests/domain tests

# Schemathesis over every API operation against a live server on a fresh demo database (scripts/api_fuzz.py).
test-api: venv
	$(BIN)/python scripts/api_fuzz.py

test: lint contracts migrations-check test-domain test-sqlite test-pg test-api

bench: venv
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/anjian_bench} $(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var .pytest_cache
