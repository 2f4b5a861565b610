"""Predict barriers of new rows with the saved models of a finished run."""

import functools
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from barrierml.data.mlip.compositions import NEB_MECHANISMS, species
from barrierml.data.table import read_table, validate_rows
from barrierml.errors import InputError
from barrierml.predict.conformal import cv_plus
from barrierml.predict.domain import judge
from barrierml.predict.models import load
from barrierml.report.provenance import stored_config

COLUMNS = ["compound", "mechanism", "path", "barrier_pred_meV", "lower_meV", "upper_meV",
           "in_domain", "note"]
# A text cell starting with one of these is a formula to a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def write_predictions(frame, out):
    """The predictions as CSV (meV to 0.1); a text cell a spreadsheet would run as a formula
    gets a leading ' so that it is shown, not run."""
    safe = frame.copy()
    for column in safe.select_dtypes(exclude=["number", "bool"]).columns:
        safe[column] = [f"'{v}" if isinstance(v, str) and v.startswith(FORMULA_START) else v
                        for v in safe[column]]
    safe.to_csv(out, index=False, float_format="%.1f")


def check_output(out, inputs, results_dir):
    """Refuse an output path that would overwrite an input (`inputs`) or anything under the
    predict folders of `results_dir` (saved models, the workflow's predictions), or whose
    folder does not exist."""
    target = Path(out).resolve()
    if any(target == Path(path).resolve() for path in inputs):
        raise InputError(out, "output", "is an input of this prediction: it would be "
                         "overwritten", "write the output to a new file")
    try:
        inside = target.relative_to(Path(results_dir).resolve()).parts
    except ValueError:
        inside = ()
    if "predict" in inside:
        raise InputError(out, "output", "lies in a predict folder of the results (the saved "
                         "models and the workflow's predictions)",
                         "write the output outside the results' predict folders")
    if not target.parent.is_dir():
        raise InputError(out, "output", f"its folder {target.parent} does not exist",
                         "create the folder first, or write the file elsewhere")
    if target.is_dir():
        raise InputError(out, "output", "is a folder", "name a file, e.g. predictions.csv")


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
    return _predict(raw, table_path, saved, data, coverage)


def predict_compositions(compositions, results_dir="results", coverage=None, log=print):
    """As `predict`, for compositions X3AZ whose descriptors the Data stage's builder computes
    here with the run's data.builder settings (structures and relaxations, no NEB; only the
    descriptors the saved models read), each mechanism's with the potential its training rows'
    geometry came from (the table's facts, `data.geometry`). The third value is the computed
    table, with the run's id column names, so that it can be passed back as a TABLE."""
    data = run_config(results_dir)["data"]
    saved = {m: load(results_dir, m) for m in data["mechanisms"]}
    other = sorted(set(data["mechanisms"]) - set(NEB_MECHANISMS))
    if other:
        raise InputError("--compositions", f"mechanism {other[0]!r}",
                         "the builder computes descriptors of vacancy and interstitial hops only",
                         "compute the descriptors yourself and pass them as a TABLE")
    keys = {m: set(meta["features"]) for m, (meta, _) in saved.items()}
    for composition in compositions:
        try:
            species(composition)
        except ValueError as err:
            raise InputError("--compositions", repr(composition), str(err),
                             "give formulas X3AZ separated by commas, e.g. Li3OCl,Na3SBr") from None
    try:  # the builder's stack (pymatgen, ASE, the potential) is the [data] extra
        from barrierml.data.mlip.describe import check_ions, describe
        from barrierml.data.mlip.potential import calculator
    except ImportError as err:
        raise InputError("--compositions", "the Data stage's builder", str(err),
                         "install its extra: pip install -e '.[data]' (make dataset does)") from None
    for composition in compositions:
        check_ions(composition, set().union(*keys.values()))
    calc = functools.cache(calculator)  # one model per potential, loaded when first needed
    names = data["columns"]
    rows = pd.DataFrame([row for composition in compositions
                         for row in describe(composition, keys, data["builder"], calc, log,
                                             data.get("geometry"))])
    rows = rows.rename(columns={"compound": names["compound"], "mechanism": names["mechanism"],
                                "path_id": names["path"]})
    return (*_predict(rows, "--compositions", saved, data, coverage)[:2], rows)


def _predict(raw, source, saved, data, coverage):
    """Validate the rows `raw` (named `source` in errors) and predict them with `saved`."""
    rows = validate_rows(raw, source, {m: s[0]["features"] for m, s in saved.items()},
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


LAW_COLUMNS = ["compound", "mechanism", "path", "barrier_law_meV", "note"]


def predict_law(table_path, results_dir="results", sheet=None):
    """One row per input row: the barrier of each mechanism's law (results_dir/<mechanism>/
    law/law.json; no interval), or a note where the law has no skill."""
    from barrierml.law.judge import apply, load_law

    data = run_config(results_dir)["data"]
    laws = {}
    for mechanism in data["mechanisms"]:
        path = Path(results_dir) / str(mechanism) / "law" / "law.json"
        if not path.is_file():
            raise InputError(path.parent, "law.json", "no barrier law",
                             "run the workflow with law.enabled: true first")
        try:
            laws[mechanism] = load_law(path)
        except (ValueError, TypeError, AttributeError) as err:
            raise InputError(path, "law.json", f"not a barrier law of this workflow ({err})",
                             "run the workflow again to write it") from None
    raw = read_table(table_path, sheet).rename(columns=data["rename"])
    rows = validate_rows(raw, table_path, {m: law["descriptors"] for m, law in laws.items()},
                         data["columns"], data["mechanisms"])
    out = rows[["compound", "mechanism", "path"]].copy()
    out["barrier_law_meV"], out["note"] = np.nan, ""
    for mechanism, law in laws.items():
        here = (rows["mechanism"] == mechanism).to_numpy()
        if not law["skill"]:
            out.loc[here, "note"] = f"no skill for {mechanism}: nothing predicted ({law['reason']})"
            continue
        values = apply(law, {d: rows.loc[here, d].to_numpy(dtype=float)
                             for d in law["descriptors"]})
        out.loc[here, "barrier_law_meV"] = values
        out.loc[here & ~np.isfinite(out["barrier_law_meV"].to_numpy(dtype=float)), "note"] = \
            "the law is undefined here (e.g. a log or square root of a value out of its range)"
    return out[LAW_COLUMNS]
