# lotline: the few commands people need. `make demo` runs the product; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
DEMO_DATA := var/demo
PORT ?= 8000

.PHONY: demo test test-sqlite test-postgres lint bench bench-small serve clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

SERVE_DEMO := LOTLINE_DATA_DIR=$(DEMO_DATA) $(VENV)/bin/gunicorn lotline.wsgi --bind 127.0.0.1:$(PORT) --workers 2 \
	--access-logfile -

# A demo plant on SQLite: migrate, load the seeded 18-person metal shop once, serve it.
demo: $(VENV)/.installed
	LOTLINE_DATA_DIR=$(DEMO_DATA) $(PY) manage.py migrate --verbosity 0
	LOTLINE_DATA_DIR=$(DEMO_DATA) $(PY) manage.py load_demo --if-empty
	@echo ""
	@echo "  lotline demo plant: http://127.0.0.1:$(PORT)/"
	@echo "  sign in as supervisor / lotline-demo (also: operator, admin; same password)"
	@echo ""
	$(SERVE_DEMO)

# Serve the demo database as it is (no migrate, no load): after `make demo` has built it once.
serve: $(VENV)/.installed
	@test -f $(DEMO_DATA)/lotline.sqlite3 || { echo "No demo database in $(DEMO_DATA)/: run make demo first."; exit 2; }
	$(SERVE_DEMO)

# Every test, on SQLite and then on PostgreSQL ($(PG_URL)); LOTLINE_TEST_DATABASES=sqlite for SQLite only.
test: $(VENV)/.installed lint
	$(MAKE) --no-print-directory test-sqlite
	@if [ "$${LOTLINE_TEST_DATABASES:-sqlite,postgres}" != "sqlite" ]; then $(MAKE) --no-print-directory test-postgres; fi

test-sqlite: $(VENV)/.installed
	@echo "== tests on SQLite"
	env -u LOTLINE_DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed
	@echo "== tests on PostgreSQL ($(PG_URL))"
	LOTLINE_DATABASE_URL=$(PG_URL) $(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check lotline tests bench
	$(VENV)/bin/ruff format --check lotline tests bench

# Benchmarks (not tests): `make bench` at full size takes a long while; bench-small runs in CI.
bench: $(VENV)/.installed
	$(PY) -m bench.bench_trace --size full
bench-small: $(VENV)/.installed
	$(PY) -m bench.bench_trace --size small

# Deletes the virtualenv and var/ — the demo database with it (and any SQLite database kept there).
clean:
	rm -rf $(VENV) var .pytest_cache
