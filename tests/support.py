"""What the tests share besides fixtures: the repository root, the tiny end-to-end config and
how to run the workflow on it."""

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import yaml

from barrierml.data.catalogue import load_catalogue

ROOT = Path(__file__).resolve().parents[1]


# The end-to-end run is also the planted-truth check: the synthetic table's planted descriptors
# (barrierml.data.synthetic.PLANTED), some of their correlated decoys, compound-level descriptors
# and unrelated ones; every subset of the retained ones is searched.
KEPT = ["V_a", "t", "CN_C", "CCD", "COD", "PW", "PF_A", "D_i", "alpha_F", "r_F", "alpha_O",
        "E_f", "I_C_Ch", "I_C_H", "E_d", "eps_e"]
# Whole compounds the end-to-end run never sees: the prediction test predicts them (tilted
# ones, ~12 paths per mechanism each, so the coverage is measured on ~110 paths).
HELD_OUT = ["Li3SeBr", "Na3SCl", "K3SeI", "K3OF", "Na3SeCl"]
# Text that reaches the report through rules' params (extra descriptors) unescaped: it must
# come out as written, with the report's HTML intact (test_report_is_one_html_file).
AWKWARD = "Kim & Siegel's \"ρ\" {x} \\ ; // \u2028 end"
TINY = {  # a few-minute workflow: 3 algorithms, 2 repeats and 1 null search per mechanism
    "data": {"table": "table.csv", "catalogue": str(ROOT / "data" / "descriptors.yaml"),
             "synthetic": True, "mlip": False,
             "extra_descriptors": [{"column": "awkward", "symbol": "a", "category": "lattice",
                                    "unit": "1", "definition": AWKWARD}],
             "absent": [d.column for d in load_catalogue(ROOT / "data" / "descriptors.yaml")
                        if d.column not in KEPT] + ["awkward"],
             "label": "SYNTHETIC table for the end-to-end test"},
    "split": {"folds": 5},
    "tune": {"algorithms": {"ridge": {"alpha": [0.1, 10.0]},
                            "decision_tree": {"max_depth": [3]},
                            "extra_trees": {"n_estimators": [10], "min_samples_leaf": [3]}}},
    "search": {"chunks": 2, "top_k": 3, "fidelity": {"enabled": False}},
    "repeats": {"splits": 2, "seeds": 1},
    "verdict": {"permutations": 1},
    "interpret": {"grid_points": 5, "max_lines": 50},
    "predict": {"table": "heldout.csv"},
}


def searched(*names):
    """File targets in both mechanisms' search folders: a run that stops after the search
    (file targets, not --until: rules after the tune_select checkpoint are unknown at the start)."""
    return [f"results/{m}/search/{name}" for m in ("vacancy", "interstitial") for name in names]


def snakemake(workdir, *args, timeout=900, executable=sys.executable):
    """Run the repository's workflow in `workdir` with the tiny config; returns the process."""
    return subprocess.run(
        [executable, "-m", "snakemake", "-s", str(ROOT / "Snakefile"), "--directory",
         str(workdir), "--cores", "2", "--configfile", str(Path(workdir) / "tiny.yaml"), *args],
        check=False, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "PYTHONWARNINGS": "ignore"})


def tiny_workdir(folder):
    """A work directory with the tiny config and the shipped synthetic table, whose compounds
    in HELD_OUT are not in its table.csv but in heldout.csv, for prediction."""
    folder = Path(folder)
    table = pd.read_csv(ROOT / "data" / "synthetic_antiperovskites.csv")
    held = table["compound"].isin(HELD_OUT)
    table[~held].to_csv(folder / "table.csv", index=False)
    table[held].to_csv(folder / "heldout.csv", index=False)
    (folder / "tiny.yaml").write_text(yaml.safe_dump(TINY))
    return folder
