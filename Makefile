# Every target depends on `install`, so each works on a fresh clone with Python 3.11+.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
TOOLS  ?= .tools
# uv installs in seconds where pip takes half a minute: used when it is on PATH, or
# installed from PyPI into $(TOOLS); pip otherwise (and with NO_UV=1).
UV     ?= $(if $(NO_UV),,$(shell command -v uv 2>/dev/null))
# A stage's output is shown only when it fails: one line per stage otherwise.
QUIET  = log=$$(mktemp); run() { "$$@" >"$$log" 2>&1 || { cat "$$log"; rm -f "$$log"; exit 1; }; }

.PHONY: install generate check-generated lint format typecheck test pytest \
	demo sandbox contract contract-deep fuzz bench browser

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(QUIET); uv="$(UV)"; \
	if [ -z "$$uv" ] && [ -z "$(NO_UV)" ] && [ -x $(TOOLS)/bin/uv ]; then uv=$(TOOLS)/bin/uv; fi; \
	if [ -z "$$uv" ] && [ -z "$(NO_UV)" ]; then \
	  echo "==> fetching uv into $(TOOLS)/"; \
	  if $(PYTHON) -m pip install --quiet --disable-pip-version-check --target $(TOOLS) uv \
	      >"$$log" 2>&1 && [ -x $(TOOLS)/bin/uv ]; then uv=$(TOOLS)/bin/uv; \
	  else echo "    (no uv: installing with pip)"; fi; \
	fi; \
	if [ -n "$$uv" ]; then \
	  echo "==> creating $(VENV) with uv"; \
	  run $$uv venv --quiet --allow-existing --python $(PYTHON) $(VENV); \
	  echo "==> installing neo-auth with its sandbox and dev extras"; \
	  run $$uv pip install --quiet --python $(PY) -e '.[sandbox,dev]'; \
	else \
	  echo "==> creating $(VENV) with venv"; \
	  run $(PYTHON) -m venv $(VENV); \
	  echo "==> installing neo-auth with its sandbox and dev extras (pip)"; \
	  run $(PY) -m pip install --quiet --disable-pip-version-check -e '.[sandbox,dev]'; \
	fi; \
	rm -f "$$log"
	@touch $@
	@echo "==> $(VENV) is ready"

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

# The console's browser test needs Chromium and its driver from the system's packages
# (Debian's chromium and chromium-driver; nothing is downloaded by a test tool).
browser:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; \
	elif command -v apt-get >/dev/null; then \
	  echo "==> installing Chromium and its driver (apt-get)"; \
	  $(QUIET); run $(SUDO) apt-get update -qq; \
	  run $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	else echo "Install Chromium and chromedriver with your package manager, then run make test."; exit 1; fi

SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

test: lint typecheck check-generated browser pytest

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
		requests trustme selenium
	touch $@

bench: $(BENCH_VENV)/.installed browser
	$(BENCH_VENV)/bin/python bench/run.py
