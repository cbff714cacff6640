# One command each on a fresh machine: `make run` and `make test` install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint types pytest simulate-examples docs bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/homeward run

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

types: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest -q

test: lint types pytest

simulate-examples: install
	for f in examples/*.yaml; do echo "== $$f"; $(BIN)/homeward simulate $$f || exit 1; done

# Rewrite the generated sections of the docs (configuration reference, carers' quick guide).
docs: install
	$(BIN)/python -m bot.config_reference --write
	$(BIN)/python -m bot.carer_guide

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
