# `make site` and `make test` each set themselves up from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test test-fast lint typecheck bench serve clean golden screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/briefing build

serve: $(STAMP)
	$(BIN)/briefing serve

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy generator

test: lint typecheck
	$(BIN)/pytest -q

test-fast: $(STAMP)
	$(BIN)/pytest -q -m "not slow and not external"

golden: $(STAMP)
	UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/test_golden.py

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --briefs 1000 --big 10000

# PNGs of home and a brief at 375 and 1280 px, light and dark, for the README (needs Chromium).
screenshots: $(STAMP)
	$(BIN)/python docs/screenshots.py

clean:
	rm -rf site .cache $(VENV)
