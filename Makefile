# Every target depends on `install`, so each works on a fresh clone with Python 3.11+.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python

.PHONY: install generate check-generated lint format typecheck test pytest \
	demo sandbox contract contract-deep fuzz bench

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

# The whole story (registration, daily login, a failure handled) against a built-in sandbox.
demo: install
	$(BIN)/neo-auth demo

# The offline sandbox on 127.0.0.1:8765 (Ctrl-C stops it).
sandbox: install
	$(BIN)/neo-auth sandbox

# The stateless contract suite against a live deployment: make contract URL=http://127.0.0.1:8765
# (for the real UAT service also KEY=<consumer key>). Without URL: the in-process sandbox.
contract: install
	NEO_AUTH_CONTRACT_URL='$(URL)' $(if $(KEY),NEO_AUTH_CONTRACT_KEY='$(KEY)') \
		$(BIN)/pytest -p no:cacheprovider tests/contract/test_contract.py

# The contract suites with 20 times the examples.
contract-deep: install
	NEO_AUTH_CONTRACT_EXAMPLES=500 $(BIN)/pytest -p no:cacheprovider tests/contract

# The response fuzzing at depth: 10,000 cases per property.
fuzz: install
	$(BIN)/pytest -p no:cacheprovider --hypothesis-profile=deep --hypothesis-show-statistics \
		tests/client/test_fuzz.py

# Benchmarks against raw httpx, requests (2.x style) and kotakneoapi 3.0.9, which are
# installed into their own environment, never into the project's. Writes docs/benchmarks.md.
BENCH_VENV ?= .venv-bench

$(BENCH_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -e '.[sandbox]' 'kotakneoapi==3.0.9' \
		requests trustme
	touch $@

bench: $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python bench/run.py
