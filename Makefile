# The two quick-start commands: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PDPBOX := pdpbox==0.3.0

.PHONY: install run test lint dataset clean

$(BIN)/snakemake: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,data]'
	$(BIN)/pip install --quiet --no-deps $(PDPBOX)
	touch $@

install: $(BIN)/snakemake

run: install
	$(BIN)/snakemake --cores all
	$(BIN)/snakemake --report results/report.html

test: lint
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/pytest -q

lint: install
	$(BIN)/snakemake --lint
	$(BIN)/snakefmt --check Snakefile rules
	$(BIN)/ruff check src workflow tests bench

# The Data stage (hours): resumable; script edits alone do not redo finished NEBs.
DATASET := results/dataset
dataset: install
	$(BIN)/snakemake dataset --cores all --keep-going --rerun-triggers mtime params input
	mkdir -p data/antiperovskites_mlip
	cp $(DATASET)/antiperovskites.csv $(DATASET)/failures.csv $(DATASET)/compounds.csv \
		$(DATASET)/validation.csv $(DATASET)/convergence.csv data/antiperovskites_mlip/

clean:
	rm -rf results .snakemake
