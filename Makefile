# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# Every install comes from the lock: exact versions with their hashes, refreshed by `make lock`.
LOCK   := requirements.lock
# The stamp names both files' checksum, so editing either reinstalls.
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | cksum | cut -d' ' -f1)
OUT    ?= out
# uv resolves the lock (from PyPI only: it ignores pip's configuration); it lives in the venv.
UV_VERSION := uv>=0.13,<0.14

.PHONY: run test lint typecheck imports pytest bench clean venv lock

venv: $(STAMP)

# Two steps, because pip's hash-checking mode admits no editable requirement: the locked
# dependencies first, then landsea itself without resolving anything again.
$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "pip>=24.2"
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip check
	rm -f $(VENV)/.installed-*
	touch $@

## Re-resolve requirements.lock from pyproject.toml after adding a dependency; pins already in the
## lock are kept unless `make lock UPGRADE=1`. Universal: one file for Python 3.11+ on any platform,
## with markers where versions differ.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "$(UV_VERSION)"
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra bench --universal \
	  --python-version 3.11 --generate-hashes --quiet $(if $(UPGRADE),--upgrade) -o $(LOCK)

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

## Ends with the line coverage of src/landsea (one line; `$(BIN)/coverage report --skip-covered`
## then lists it per file); under the floor ([tool.coverage.report] fail_under) it fails.
pytest: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q --cov --cov-report=

## Peers and landsea side by side, printed as ratios. TNTP networks from LANDSEA_TNTP_DIR.
## The hub suite also measures PostgreSQL when its server is installed (a throwaway one is started).
bench: $(STAMP)
	bash -c 'if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	           source .ci/postgres.sh && start_postgres; fi; \
	         LANDSEA_TNTP_DIR=$${LANDSEA_TNTP_DIR:-../shared/data/tntp} $(BIN)/python -m benchmarks $(SUITES)' 

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache .coverage .coverage.*
