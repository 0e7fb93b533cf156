# The CECCI Forum Archive. `make html` builds the site; `make test` runs every test.
# Both create .venv and install what they need first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPHINXOPTS ?= -W --keep-going -n
BUILDDIR := _build

.PHONY: html test clean strict browser-deps serve check

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
	ARCHIVE_SCREENSHOTS=$${ARCHIVE_SCREENSHOTS:-$(CURDIR)/$(BUILDDIR)/screenshots} $(BIN)/python -m pytest

# `make check`: every record checked without building (the contributor tool, see CONTRIBUTING.md).
check: $(STAMP)
	$(BIN)/cecci-archive check --strict

# `make serve`: live preview at http://127.0.0.1:8000, rebuilt on save. Only sources are watched
# (build output, environments, caches and tests are ignored), so a build never triggers another.
SERVE_IGNORE := --ignore _build --ignore .venv --ignore .git --ignore tests --ignore bench \
	--ignore node_modules --ignore .pytest_cache --ignore .ruff_cache --ignore .hypothesis \
	--re-ignore '(__pycache__|\.egg-info|\.rename-tmp$$|~$$|\.swp$$|\.pyc$$)'
serve: $(STAMP)
	@$(BIN)/python -c "import sphinx_autobuild" 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[serve]'
	$(BIN)/sphinx-autobuild -b html $(SERVE_IGNORE) --watch cecci_archive . $(BUILDDIR)/serve

# `make bench N=2000`: build a generated archive of N records against plain Sphinx and print one
# table (bench/run.py; results in bench/RESULTS.md). Takes minutes at N=2000.
N ?= 2000
REPS ?= 3
.PHONY: bench
bench: $(STAMP)
	$(BIN)/python bench/run.py --n $(N) --reps $(REPS)

clean:
	rm -rf $(BUILDDIR)
