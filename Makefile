# The README's commands. The Makefile makes its own virtual environment, so a fresh
# Debian/Ubuntu machine with Python 3.11+ (and python3-venv) needs nothing else.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test setup browser lint eval bench marts clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

## Run the bot on the embedded demo marts: web chat on http://$(HOST):$(PORT)/
run: setup
	$(BIN)/jeugdbot serve --host $(HOST) --port $(PORT)

## Set up and run the whole test suite (installs Debian's chromium for the browser tests when root)
test: setup browser
	$(BIN)/ruff check bot tests bench
	$(BIN)/python -m pytest

browser:
	@sh scripts/install-browser.sh

lint: setup
	$(BIN)/ruff check bot tests bench
	$(BIN)/ruff format --check bot tests bench
	$(BIN)/mypy

eval: setup
	$(BIN)/jeugdbot eval

bench: setup
	$(BIN)/python bench/run.py

marts: setup
	$(BIN)/jeugdbot marts build

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache .mypy_cache
