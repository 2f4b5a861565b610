#!/usr/bin/env bash
# CI: the newcomer's path. A venv built exactly as `make install` builds it, in a fresh folder,
# runs a small config on the default table through the whole DAG and `--report`, with only
# that venv on PATH: a runtime dependency that only the test or data install brings fails here.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
make install VENV="$scratch/venv" PY="${PY:-python3}"
export PATH="$scratch/venv/bin:/usr/local/bin:/usr/bin:/bin"
run=(snakemake --cores all --configfile .ci/newcomer.yaml --config "results_dir=$scratch/results")
"${run[@]}"
"${run[@]}" --report "$scratch/results/report.html"
test -s "$scratch/results/report.html"
echo "newcomer path: install, run and report with the lean venv alone: ok"
