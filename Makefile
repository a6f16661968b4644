# Two targets a newcomer needs: `make demo` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo serve test lint typecheck pytest bench

$(STAMP): pyproject.toml package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	npm ci --no-audit --no-fund  # front-end assets (GOV.UK Frontend, htmx, Chart.js), served from node_modules
	touch $(STAMP)

install: $(STAMP)

demo: install  ## build a fresh demo register and serve it on http://127.0.0.1:8000
	$(BIN)/mst demo

serve: install
	$(BIN)/mst serve

lint: install
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy app

pytest: install
	$(BIN)/python -m pytest

test: lint typecheck pytest  ## ruff, mypy (strict on app/) and the whole suite
