# The README's commands. The Makefile makes its own virtual environment, so a fresh
# Debian/Ubuntu machine with Python 3.11+ (and python3-venv) needs nothing else.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test setup browser lint eval bench load soak fuzz oracle marts clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Byte-code for the editable install, as pip writes it for an installed package: with
# PYTHONDONTWRITEBYTECODE set, every start would compile the bot's modules again (~0.2 s).
setup: $(VENV)/.installed
	@$(BIN)/python -m compileall -q bot >/dev/null

## Run the bot on the embedded demo marts: web chat on http://$(HOST):$(PORT)/
run: setup
	$(BIN)/jeugdbot serve --host $(HOST) --port $(PORT)

## Set up and run the whole test suite (installs Debian's chromium for the browser tests when root)
test: setup browser
	$(BIN)/ruff check bot tests bench
	$(BIN)/ruff format --check bot tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

browser:
	@sh scripts/install-browser.sh

lint: setup
	$(BIN)/ruff check bot tests bench
	$(BIN)/ruff format --check bot tests bench
	$(BIN)/mypy

## Accuracy over every golden set, through the whole bot; fails below the overall floor
# (held-out sets tests/golden/heldout_* are not in it: jeugdbot eval --set heldout_cijfers)
eval: setup
	$(BIN)/jeugdbot eval --floor 0.96

## Latency, memory and start-up at 1x, 10x and 100x demo marts -> docs/benchmarks.md (~30 min)
bench: setup
	$(BIN)/python bench/run.py

## Load: 50 users for 5 minutes of signed Slack events, /api/ask and Teams -> docs/load.md
load: setup
	$(BIN)/python -m bench.load

## Soak: 10,000 Slack messages, RSS growth and de-duplication eviction -> docs/load.md
soak: setup
	$(BIN)/python -m bench.load --events 10000

## A longer fuzz run of answer() than CI's 1,000 examples
fuzz: setup
	$(BIN)/python bench/fuzz.py --examples 20000

## The independent oracle over the whole grid (tests/oracle/): every figure against plain SQL
## on the raw marts. ORACLE_SCALE=10 builds the 10x demo marts first (a minute more).
ORACLE_SCALE ?= 1
oracle: setup
	PYTHONPATH=$(CURDIR) $(BIN)/python -m tests.oracle.grid --scale $(ORACLE_SCALE)

marts: setup
	$(BIN)/jeugdbot marts build

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache .mypy_cache
