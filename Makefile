# The CECCI Forum Archive. `make html` builds the site; `make test` runs every test.
# Both create .venv and install what they need first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPHINXOPTS ?= -W --keep-going -n
BUILDDIR := _build

.PHONY: html test clean strict browser-deps

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

html: $(STAMP)
	$(BIN)/sphinx-build -b html $(SPHINXOPTS) . $(BUILDDIR)/html

# The browser tests (tests/browser) need Debian's chromium and axe-core (npm): install them.
browser-deps:
	@bash scripts/browser-deps.sh

test: $(STAMP) browser-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# `make bench N=2000`: build a generated archive of N records against plain Sphinx and print one
# table (bench/run.py; results in bench/RESULTS.md). Takes minutes at N=2000.
N ?= 2000
REPS ?= 3
.PHONY: bench
bench: $(STAMP)
	$(BIN)/python bench/run.py --n $(N) --reps $(REPS)

clean:
	rm -rf $(BUILDDIR)
