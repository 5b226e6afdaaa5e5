# Every target depends on `install`, so each works on a fresh clone with Python 3.11+.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python

.PHONY: install generate check-generated lint format typecheck test pytest

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[sandbox,dev]'
	touch $@

generate: install
	$(PY) codegen/generate.py

check-generated: install
	$(PY) codegen/generate.py --check

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/openapi-spec-validator spec/neo-auth.openapi.yaml

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: install
	$(BIN)/mypy --strict overrides/

pytest: install
	$(BIN)/pytest

test: lint typecheck check-generated pytest
