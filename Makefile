# The two quick-start commands: `make run` (the lean install: what the ML workflow imports) and
# `make test` (everything, the Data stage's MLIP stack included). `make dataset` adds the
# Data stage's [data] extra to fill the barrier store and assemble the MLIP table (hours).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PDPBOX := pdpbox==0.3.0

.PHONY: install run test test-fast lint dataset dataset-status clean

$(VENV)/.core: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	$(BIN)/pip install --quiet --no-deps $(PDPBOX)
	# pdpbox's wheel carries 214 MB of tutorial datasets it never imports: not installed
	rm -rf $(VENV)/lib/python*/site-packages/pdpbox/examples
	touch $@

$(VENV)/.data: $(VENV)/.core
	$(BIN)/pip install --quiet -e '.[data]'
	touch $@

$(VENV)/.test: $(VENV)/.data
	$(BIN)/pip install --quiet -e '.[test,data]'
	touch $@

install: $(VENV)/.core

run: install
	$(BIN)/snakemake --cores all
	$(BIN)/snakemake --report results/report.html

# Three pytest-xdist workers on two cores (one mostly waits on the SLURM run), longest tests
# first in the order tests/conftest.py gives.
test: lint
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/pytest -q -n 3 --dist loadgroup --no-loadscope-reorder

# Unit tests and lint, no workflow runs (< 2 minutes once installed).
test-fast: lint
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/pytest -q -m "not slow and not slurm"

lint: $(VENV)/.test
	$(BIN)/snakemake --lint
	$(BIN)/snakemake --lint --configfile configs/build.yaml
	$(BIN)/snakefmt --check Snakefile rules
	$(BIN)/ruff check src workflow tests bench

# The barrier store (hours of MLIP compute, spread over sessions): fills
# data/antiperovskites_mlip/{hosts,references,neb}/ in priority order, then assembles the
# default table from it. BUDGET=2h stops starting bands before 2 hours are up; one torch
# thread per band, niced, so other work goes on beside it; JOBS=2 runs two bands side by side.
# Records whose key matches are reused; builds started separately share the work.
dataset: $(VENV)/.data
	OMP_NUM_THREADS=1 nice -n 10 $(BIN)/barrierml dataset $(if $(BUDGET),--budget $(BUDGET)) \
		$(if $(JOBS),--jobs $(JOBS))

dataset-status: $(VENV)/.data
	$(BIN)/barrierml dataset --status

clean:
	rm -rf results .snakemake
