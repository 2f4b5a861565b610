"""Predict barriers of new rows with the saved models of a finished run."""

import numpy as np
import yaml

from barrierml.data.table import read_table, validate_rows
from barrierml.errors import InputError
from barrierml.predict.conformal import cv_plus
from barrierml.predict.domain import judge
from barrierml.predict.models import load
from barrierml.report.provenance import stored_config

COLUMNS = ["compound", "mechanism", "path", "barrier_pred_meV", "lower_meV", "upper_meV",
           "in_domain", "note"]


def run_config(results_dir):
    """The stored config of a finished run in `results_dir`."""
    path = stored_config(results_dir)
    if not path.is_file():
        raise InputError(results_dir, "report/config.yaml", "holds no results of this workflow",
                         "pass --results with the results_dir of a finished run, or run "
                         "snakemake --cores all first")
    return yaml.safe_load(path.read_text())


def predict(table_path, results_dir="results", coverage=None, sheet=None, data=None):
    """One row per input row with the columns of COLUMNS (meV); the saved models' metadata per
    mechanism; the validated input rows (their descriptors). `data` (columns, rename,
    mechanisms) defaults to the run's stored config."""
    data = data or run_config(results_dir)["data"]
    saved = {m: load(results_dir, m) for m in data["mechanisms"]}
    raw = read_table(table_path, sheet).rename(columns=data["rename"])
    rows = validate_rows(raw, table_path, {m: s[0]["features"] for m, s in saved.items()},
                         data["columns"], data["mechanisms"])
    out = rows[["compound", "mechanism", "path"]].copy()
    for column in ("barrier_pred_meV", "lower_meV", "upper_meV"):
        out[column] = np.nan
    out["in_domain"], out["note"] = False, ""
    for mechanism, (meta, estimators) in saved.items():
        here = (rows["mechanism"] == mechanism).to_numpy()
        if not here.any():
            continue
        X = rows.loc[here, meta["features"]].to_numpy(dtype=float)
        inside, notes = judge(meta["domain"], X)
        out.loc[here, "in_domain"] = inside
        if not meta["skill"]:
            out.loc[here, "note"] = f"no skill for {mechanism}: nothing predicted ({meta['verdict']})"
            continue
        predictions = [estimator.predict(X) for estimator in estimators]
        lower, upper = cv_plus(predictions, meta["residuals_meV"], coverage or meta["coverage"])
        out.loc[here, "barrier_pred_meV"] = np.mean(predictions, axis=0)
        # a barrier is ≥ 0: clipping the lower end at 0 keeps every covered barrier covered
        out.loc[here, "lower_meV"], out.loc[here, "upper_meV"] = np.maximum(lower, 0.0), upper
        out.loc[here, "note"] = notes
    return out[COLUMNS], {m: s[0] for m, s in saved.items()}, rows


