# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
OUT    ?= out

.PHONY: run test lint typecheck imports pytest bench clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	rm -f $(VENV)/.installed-*
	touch $@

## The main job on embedded defaults: the corridor report, written to $(OUT)/.
run: $(STAMP)
	$(BIN)/landsea report --out $(OUT)

## The whole suite: lint, types, architecture contracts, tests.
test: lint typecheck imports pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

imports: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q

## Peers and landsea side by side, printed as ratios. TNTP networks from LANDSEA_TNTP_DIR.
## The hub suite also measures PostgreSQL when its server is installed (a throwaway one is started).
bench: $(STAMP)
	bash -c 'if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	           source .ci/postgres.sh && start_postgres; fi; \
	         LANDSEA_TNTP_DIR=$${LANDSEA_TNTP_DIR:-../shared/data/tntp} $(BIN)/python -m benchmarks $(SUITES)' 

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
