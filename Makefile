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

.PHONY: run test lint typecheck imports pytest bench clean venv lock web

venv: $(STAMP)

# The dashboard's assets: npm ci from frontend/package-lock.json (the npm registry, at set-up),
# bundled by esbuild into the package's static folder. Nothing is fetched when the page runs.
WEB_STAMP := src/landsea/web/static/.built-$(shell cat frontend/package-lock.json $$(find frontend/src frontend/index.html frontend/build.mjs -type f | sort) 2>/dev/null | cksum | cut -d' ' -f1)

web: $(WEB_STAMP)

$(WEB_STAMP):
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	cd frontend && node build.mjs
	touch $@

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

## The main job on embedded defaults: the corridor report written to $(OUT)/, then the dashboard
## with a demo hub at http://127.0.0.1:8000 (its tokens printed). `landsea serve --no-demo` for a
## real deployment.
run: $(STAMP) $(WEB_STAMP)
	$(BIN)/landsea report --out $(OUT)
	$(BIN)/landsea serve --host 127.0.0.1 --port 8000

## The whole suite: lint, types, architecture contracts, tests.
test: lint typecheck imports pytest

lint: $(STAMP) $(WEB_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

imports: $(STAMP)
	$(BIN)/lint-imports

## Ends with the line coverage of src/landsea (one line; `$(BIN)/coverage report --skip-covered`
## then lists it per file); under the floor ([tool.coverage.report] fail_under) it fails.
pytest: $(STAMP) $(WEB_STAMP)
	$(BIN)/python -m pytest -n 2 -q --cov --cov-report=

## Peers and landsea side by side, printed as ratios. TNTP networks from LANDSEA_TNTP_DIR.
## The hub suite also measures PostgreSQL when its server is installed (a throwaway one is started).
bench: $(STAMP) $(WEB_STAMP)
	bash -c 'if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	           source .ci/postgres.sh && start_postgres; fi; \
	         LANDSEA_TNTP_DIR=$${LANDSEA_TNTP_DIR:-../shared/data/tntp} $(BIN)/python -m benchmarks $(SUITES)' 

clean:
	rm -rf $(VENV) $(OUT) frontend/node_modules src/landsea/web/static .pytest_cache .mypy_cache .ruff_cache .coverage .coverage.*
