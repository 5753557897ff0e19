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

.PHONY: setup run test bench lint schema clean-db

$(BIN)/eventwire: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[all,dev]"
	touch $@

GAZETTEER := src/eventwire/data/gazetteer.sqlite

$(GAZETTEER): $(BIN)/eventwire
	$(BIN)/eventwire gazetteer build --path $@

# The web UI's browser libraries (Leaflet, marker clustering, the Natural Earth basemap, axe-core for
# the tests) from the npm registry, copied to the git-ignored folder the app serves.
VENDOR := src/eventwire/web/static/vendor/leaflet/leaflet.js

$(VENDOR): package.json package-lock.json scripts/vendor.sh
	bash scripts/vendor.sh

setup: $(BIN)/eventwire $(GAZETTEER) $(VENDOR)

run: setup
	$(BIN)/eventwire ingest $(CORPUS) --db $(DB)
	$(BIN)/eventwire summary --db $(DB)

test: setup
	bash scripts/browser.sh
	export EVENTWIRE_TEST_PG="$$(bash scripts/services.sh start)" && $(BIN)/pytest $(PYTEST_ARGS)

bench: setup
	export EVENTWIRE_TEST_PG="$$(bash scripts/services.sh start)" && $(BIN)/python bench/run.py

lint: setup
	$(BIN)/ruff check src tests bench

schema: setup
	$(BIN)/python -m eventwire.schema > src/eventwire/schema/document.schema.json
