"""Evaluate subsets with a backend (scikit-learn reference, or the native engine) and stream
rows to a columnar file."""

import time

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from barrierml.search.chunks import write_chunk
from barrierml.search.engine import predictions, score_ranks
from barrierml.search.kernel import (
    KERNEL_ALGORITHMS,
    fits_in_memory,
    kernel_predictions,
    score_kernel,
)
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
    if backend == "engine" and model.algorithm in KERNEL_ALGORITHMS and fits_in_memory(data):
        return kernel_predictions(data, model.algorithm, model.params, cols)
    est = subset_model(model, rank).fit(X, data["y_train"])
    return est.predict(X), est.predict(Xt)


def _batch(data, model, ranks):
    return [score_subset(data, model, r) for r in ranks]


def resolve_backend(backend, algorithm):
    """'auto' means the engine when it runs the algorithm, else scikit-learn."""
    if backend == "auto":
        native = ENGINE_ALGORITHMS + LINEAR_ALGORITHMS + KERNEL_ALGORITHMS
        return "engine" if algorithm in native else "sklearn"
    return backend


def _sklearn_rows(data, model, ranks, threads):
    batches = [ranks[b:b + BATCH] for b in range(0, len(ranks), BATCH)]
    return Parallel(n_jobs=threads, return_as="generator")(
        delayed(_batch)(data, model, b) for b in batches)


def _engine_rows(data, model, ranks, threads):
    """Native rows: closed form for linear models, precomputed kernels for the RBF SVR, the
    numba kernel for tree models."""
    for b in range(0, len(ranks), ENGINE_BATCH):
        batch = ranks[b:b + ENGINE_BATCH]
        if model.algorithm in LINEAR_ALGORITHMS:
            yield score_linear(data, model.algorithm, model.params, batch)
        elif model.algorithm in KERNEL_ALGORITHMS:  # scikit-learn where the blocks are too big
            yield (score_kernel(data, model.algorithm, model.params, batch)
                   if fits_in_memory(data) else _batch(data, model, batch))
        else:
            yield score_ranks(data, model, batch, threads)


ROWS = {"sklearn": _sklearn_rows, "engine": _engine_rows}  # backend -> batches of rows


def score_all(data, model, ranks, backend, threads=1):
    """Rows of every rank, in order, with either backend."""
    return [row for batch in ROWS[backend](data, model, list(ranks), threads) for row in batch]


def evaluate_ranks(data, model, features, ranks, out, threads=1, log=print, every=30.0,
                   backend="sklearn"):
    """Score subset ranks and write them to the chunk file `out`; log progress, rate and ETA."""
    ranks = list(ranks)
    rows, t0, last = [], time.monotonic(), time.monotonic()
    for batch in ROWS[backend](data, model, ranks, threads):
        rows += batch
        now = time.monotonic()
        if now - last >= every or len(rows) == len(ranks):
            rate = len(rows) / max(now - t0, 1e-9)
            log(f"{len(rows)}/{len(ranks)} subsets, {rate:.1f}/s, "
                f"ETA {(len(ranks) - len(rows)) / rate:.0f} s")
            last = now
    return write_rows(rows, features, out)


def write_rows(rows, features, out):
    """Write score rows, each with its subset's descriptor names, to the chunk file `out`."""
    frame = pd.DataFrame(rows) if rows else pd.DataFrame({"rank": np.zeros(0, np.int64)})
    frame["features"] = [";".join(features[c] for c in unrank(r, len(features)))
                         for r in frame["rank"]]
    write_chunk(frame, out)
    return len(rows)
