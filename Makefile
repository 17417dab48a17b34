# Paperwise — every set-up step lives here, so a fresh machine needs only `make run` or `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install browser poppler run test test-fast faults lint format accuracy train bench bench-size bench-ocr bench-peer bench-queue bench-learning corpus soak clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The review page's browser tests (tests/e2e/test_review_page.py) drive Debian's Chromium; as root
# this installs it, otherwise those tests skip locally (and fail under CI=true).
browser:
	@test -x /usr/bin/chromium || { test "$$(id -u)" = 0 \
	  && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
	  || echo "browser tests need Chromium: apt-get install chromium (as root)"

# The peer of `make bench` (invoice2data, a dev dependency) reads PDFs with poppler's pdftotext;
# as root this installs Debian's poppler-utils, otherwise the peer's rows say it is missing.
poppler:
	@command -v pdftotext >/dev/null || { test "$$(id -u)" = 0 \
	  && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils; } \
	  || echo "the invoice2data peer needs pdftotext: apt-get install poppler-utils (as root)"

run: $(STAMP)
	$(BIN)/paperwise serve

# lint-imports checks the import contracts of pyproject.toml on this checkout's src/
lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	PYTHONPATH=src $(BIN)/lint-imports --no-cache --no-logo

format: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

test-fast: $(STAMP)
	$(BIN)/pytest -q -m "not integration and not e2e and not ocr and not slow"

# every test but the fault suite's long faults: two of them (kill -9 in distributed mode, disk
# full) are the sample that runs here; `make faults` runs them all
test: $(STAMP) lint browser
	$(BIN)/pytest -q -m "not faults or fault_sample"

# kill -9 of the API and workers, the database locked, read-only and full, a misbehaving webhook
# receiver and clock jumps, against real serve/worker processes in both modes (root: the test
# mounts small filesystems). Prints one row per fault and writes them to bench/out/faults.md;
# each server's log stays in /tmp/paperwise-faults until the next run
faults: $(STAMP)
	$(BIN)/pytest -q -m faults --basetemp=/tmp/paperwise-faults tests/faults

# the shipped model on every set (a development figure for what it trained on), then the same
# sets cross-validated by supplier and the generator seeds nobody trained on (the figures to quote)
accuracy: $(STAMP)
	$(BIN)/python -m bench.accuracy
	$(BIN)/python -m bench.train_ranker --no-write

# rebuild the header ranker from ../shared/data and both generators (deterministic; OCR reads
# come from bench/out/read-cache after the first run) and write extraction/ranking/ranker.json
train: $(STAMP)
	$(BIN)/python -m bench.train_ranker --compare

bench: $(STAMP) poppler
	$(BIN)/python -m bench.speed

# the sections of `make bench` one at a time
bench-size: $(STAMP)
	$(BIN)/python -m bench.perf_size

bench-ocr: $(STAMP)
	$(BIN)/python -m bench.perf_ocr

bench-peer: $(STAMP) poppler
	$(BIN)/python -m bench.peer_invoice2data

# needs PostgreSQL on 127.0.0.1:5432 (user postgres) for the distributed half
bench-queue: $(STAMP)
	$(BIN)/python -m bench.queue_scaling

bench-learning: $(STAMP)
	$(BIN)/python -m bench.learning

# every shared and generated document (and a corrupt and an empty file) through the async API of
# a real paperwise serve with 2 workers; fails on any 5xx or hung job. Long: ~230 pages of OCR
corpus: $(STAMP)
	$(BIN)/python -m bench.corpus

# locust's clients (headless, loopback) submit, poll and extract synchronously for SOAK_SECONDS
# per mode against a real paperwise serve, embedded (SQLite) then distributed (PostgreSQL on
# 127.0.0.1:5432 with paperwise worker processes); fails on any 5xx, unanswered request, lost or
# hung job, or memory growth past the bound. About 4 minutes per mode with the default 180 s
SOAK_SECONDS ?= 180
soak: $(STAMP)
	$(BIN)/python -m bench.soak --seconds $(SOAK_SECONDS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
