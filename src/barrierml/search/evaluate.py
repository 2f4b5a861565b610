"""Evaluate subsets with a backend (scikit-learn reference, or the native engine) and stream
rows to a columnar file."""

import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from joblib import Parallel, delayed

from barrierml.search.engine import predictions, score_ranks
from barrierml.search.linear import LINEAR_ALGORITHMS, linear_predictions, score_linear
from barrierml.search.settings import ENGINE_ALGORITHMS
from barrierml.search.subsets import unrank
from barrierml.tune.grid import cv_summary, rmse
from barrierml.tune.registry import make_model

BATCH = 16  # scikit-learn: subsets per parallel task and per written row group
ENGINE_BATCH = 256  # engine: subsets per kernel call and per written row group


def subset_model(model, rank, *keys):
    """The estimator evaluated for subset `rank` (and CV fold `keys`), unfitted."""
    return make_model(model.algorithm, model.params, model.seed, model.mechanism, "subset", rank,
                      *model.stream, *keys)


def fitted_subset_model(model, rank, data):
    """The scikit-learn estimator of subset `rank`, fitted on the training rows of `data`."""
    return subset_model(model, rank).fit(data["X_train"], data["y_train"])


def score_subset(data, model, rank):
    """Scores of one subset: test and train RMSE, and CV RMSE and its standard error when
    data['folds'] is given."""
    cols = unrank(rank, data["X_train"].shape[1])
    est = subset_model(model, rank)
    X_tr, y_tr = data["X_train"][:, cols], data["y_train"]
    est.fit(X_tr, y_tr)
    row = {"rank": rank, "size": len(cols),
           "test_rmse": rmse(data["y_test"], est.predict(data["X_test"][:, cols])),
           "train_rmse": rmse(y_tr, est.predict(X_tr))}
    if data.get("folds") is not None:
        sq, count = [], []
        for k in np.unique(data["folds"]):
            fit, val = data["folds"] != k, data["folds"] == k
            cv_est = subset_model(model, rank, "fold", int(k))
            cv_est.fit(X_tr[fit], y_tr[fit])
            sq.append(float(np.sum((y_tr[val] - cv_est.predict(X_tr[val])) ** 2)))
            count.append(int(val.sum()))
        row["cv_rmse"], row["cv_se"] = cv_summary(sq, count)
    return row


def subset_predictions(data, model, rank, backend):
    """Train and test predictions of subset `rank`: the very fit its search row scores."""
    cols = unrank(rank, data["X_train"].shape[1])
    X, Xt = data["X_train"][:, cols], data["X_test"][:, cols]
    if backend == "engine" and model.algorithm in ENGINE_ALGORITHMS:
        return predictions(X, data["y_train"], Xt, model, rank)
    if backend == "engine" and model.algorithm in LINEAR_ALGORITHMS:
        return linear_predictions(data, model.algorithm, model.params, cols)
    est = subset_model(model, rank).fit(X, data["y_train"])
    return est.predict(X), est.predict(Xt)


def _batch(data, model, ranks):
    return [score_subset(data, model, r) for r in ranks]


def resolve_backend(backend, algorithm):
    """'auto' means the engine when it runs the algorithm, else scikit-learn."""
    if backend == "auto":
        return "engine" if algorithm in ENGINE_ALGORITHMS + LINEAR_ALGORITHMS else "sklearn"
    return backend


def _sklearn_rows(data, model, ranks, threads):
    batches = [ranks[b:b + BATCH] for b in range(0, len(ranks), BATCH)]
    return Parallel(n_jobs=threads, return_as="generator")(
        delayed(_batch)(data, model, b) for b in batches)


def _engine_rows(data, model, ranks, threads):
    """Native rows: closed form for linear models, the numba kernel for tree models."""
    for b in range(0, len(ranks), ENGINE_BATCH):
        batch = ranks[b:b + ENGINE_BATCH]
        if model.algorithm in LINEAR_ALGORITHMS:
            yield score_linear(data, model.algorithm, model.params, batch)
        else:
            yield score_ranks(data, model, batch, threads)


ROWS = {"sklearn": _sklearn_rows, "engine": _engine_rows}  # backend -> batches of rows


def score_all(data, model, ranks, backend, threads=1):
    """Rows of every rank, in order, with either backend."""
    return [row for batch in ROWS[backend](data, model, list(ranks), threads) for row in batch]


def evaluate_ranks(data, model, features, ranks, out, threads=1, log=print, every=30.0,
                   backend="sklearn"):
    """Score subset ranks and write them to parquet `out`; log progress, rate and ETA.

    The file is written under a temporary name and renamed when complete, so an interrupted
    job never leaves a truncated `out`.
    """
    ranks = list(ranks)
    jobs = ROWS[backend](data, model, ranks, threads)
    partial = Path(f"{out}.partial")
    writer, done, t0, last = None, 0, time.monotonic(), time.monotonic()
    try:
        for rows in jobs:
            table = pa.Table.from_pylist([
                {**r, "features": ";".join(features[c] for c in unrank(r["rank"], len(features)))}
                for r in rows])
            writer = writer or pq.ParquetWriter(partial, table.schema)
            writer.write_table(table)
            done += len(rows)
            now = time.monotonic()
            if now - last >= every or done == len(ranks):
                rate = done / max(now - t0, 1e-9)
                log(f"{done}/{len(ranks)} subsets, {rate:.1f}/s, "
                    f"ETA {(len(ranks) - done) / rate:.0f} s")
                last = now
    finally:
        if writer is not None:
            writer.close()
    if writer is None:  # an empty chunk still leaves a valid, empty file
        pq.write_table(pa.table({"rank": pa.array([], pa.int64())}), partial)
    partial.replace(out)
    return done
