# `make site` and `make test` each set themselves up from nothing. Two stamps: `make site`
# installs only what building needs; `make test` (and lint, typecheck…) adds the test extras.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE_STAMP := $(VENV)/.installed-site
TEST_STAMP := $(VENV)/.installed-test

.PHONY: site test test-fast lint typecheck bench serve clean golden screenshots mutation

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# An editable install leaves the package uncompiled, and where PYTHONDONTWRITEBYTECODE is set
# (many CI and container images) every build would compile it again: about 0.2 s a run.
# compileall writes what is missing or stale, as pip does for a regular install.
COMPILE := $(BIN)/python -m compileall -q generator

$(SITE_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(COMPILE)
	touch $(SITE_STAMP)

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	$(COMPILE)
	touch $(SITE_STAMP) $(TEST_STAMP)

site: $(SITE_STAMP)
	$(COMPILE)
	$(BIN)/briefing build

serve: $(SITE_STAMP)
	$(COMPILE)
	$(BIN)/briefing serve

lint: $(TEST_STAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks

typecheck: $(TEST_STAMP)
	$(BIN)/mypy generator

# -rs: every skipped test is listed with its reason (a checker's tool missing locally).
test: lint typecheck
	$(BIN)/pytest -q -rs

test-fast: $(TEST_STAMP)
	$(BIN)/pytest -q -rs -m "not slow and not external"

golden: $(TEST_STAMP)
	UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/test_golden.py

# The benchmark needs only the runtime install (Pelican gets its own venv under benchmarks/.work).
bench: $(SITE_STAMP)
	$(COMPILE)
	$(BIN)/python benchmarks/run.py --briefs 1000 --big 10000 --floor
	$(BIN)/python benchmarks/run.py --briefs 1000 --variant newsroom
	$(BIN)/python benchmarks/serve_latency.py --briefs 1000 --edits 100
	$(BIN)/python benchmarks/serve_latency.py --briefs 1000 --edits 20 --page

# PNGs of home and a brief at 375 and 1280 px, light and dark, for the README (needs Chromium).
screenshots: $(TEST_STAMP)
	$(BIN)/python docs/screenshots.py

# Mutation testing of the code that keeps the README's promises ([tool.mutmut] in
# pyproject.toml lists it). Outside CI: slow. One module at a time, e.g.
# `make mutation MODULE=generator.write`; then `.venv/bin/mutmut results` lists survivors.
# MUTANTS=N runs N at once (one by default: a survivor runs many tests, and the machine is shared).
MODULE ?= generator
MUTANTS ?= 1
mutation: $(TEST_STAMP)
	$(BIN)/pip install --quiet -e '.[test,mutation]'
	$(BIN)/mutmut run --max-children $(MUTANTS) "$(MODULE).*"
	$(BIN)/mutmut export-cicd-stats 2>/dev/null || true
	$(BIN)/mutmut results

clean:
	rm -rf site .site.spare .cache mutants $(VENV)
