"""The native engine (numba kernels in search/kernels.py) behind the search's interface: score
subset ranks, predict one subset, its MDI; the same seeds as the scikit-learn backend."""

import numba as nb
import numpy as np

from barrierml.rng import derive
from barrierml.search.kernels import (
    bootstrap_size,
    feature_count,
    fit_predict,
    score_subsets,
    seed_stream,
)
from barrierml.search.settings import engine_settings
from barrierml.search.subsets import unrank


def as_float32(X):
    """X rounded to float32 and held as float64, as scikit-learn's trees see it (C order, so
    every call has the one signature the compiled kernels are cached for)."""
    return np.ascontiguousarray(np.asarray(X, dtype=np.float32), dtype=np.float64)


def as_vector(y):
    """y as a writable C-ordered float64 vector (the kernels' one cached signature)."""
    return np.array(y, dtype=np.float64, order="C")


def score_ranks(data, model, ranks, threads=1):
    """Rows (rank, size, test_rmse, train_rmse[, cv_rmse, cv_se]) for subset ranks, like
    score_subset; subset r is seeded with the same derived seed the scikit-learn backend gives it.
    """
    settings = engine_settings(model.algorithm, model.params)
    p = data["X_train"].shape[1]
    ranks = list(ranks)
    members = np.zeros((len(ranks), p), dtype=np.int64)
    sizes = np.zeros(len(ranks), dtype=np.int64)
    for row, rank in enumerate(ranks):
        cols = unrank(rank, p)
        members[row, : len(cols)] = cols
        sizes[row] = len(cols)
    seeds = np.array([subset_seed(model, r) for r in ranks], dtype=np.int64)
    folds = data.get("folds")
    folds = np.full(len(data["y_train"]), -1) if folds is None else np.asarray(folds)
    previous = nb.get_num_threads()
    nb.set_num_threads(min(threads, nb.config.NUMBA_NUM_THREADS))
    try:
        scores = score_subsets(as_float32(data["X_train"]), as_vector(data["y_train"]),
                               as_float32(data["X_test"]), as_vector(data["y_test"]), members,
                               sizes, seeds,
                               folds.astype(np.int64), **settings)
    finally:
        nb.set_num_threads(previous)
    rows = []
    for (rank, size), (test, train, cv, se) in zip(zip(ranks, sizes), scores, strict=True):
        row = {"rank": rank, "size": int(size), "test_rmse": float(test), "train_rmse": float(train)}
        if data.get("folds") is not None:
            row["cv_rmse"], row["cv_se"] = float(cv), float(se)
        rows.append(row)
    return rows


def subset_seed(model, rank):
    """The seed of subset `rank`'s random stream: the one make_model gives it."""
    return derive(model.seed, model.algorithm, model.mechanism, "subset", rank, *model.stream)


def predictions(X, y, Xt, model, rank):
    """The engine's train and test predictions for subset `rank` (X already that subset's
    columns): the very fit score_subsets scores."""
    settings = engine_settings(model.algorithm, model.params)
    settings["max_features"] = feature_count(settings.pop("mf_fraction"),
                                             settings.pop("mf_count"), X.shape[1])
    settings["draws"] = bootstrap_size(settings.pop("draw_fraction"), X.shape[0])
    seed_stream(subset_seed(model, rank))
    pred, pred_t, _ = fit_predict(as_float32(X), as_vector(y), as_float32(Xt),
                                  **settings)
    return pred, pred_t


def importances(X, y, name, params, seed):
    """MDI of the engine's model fitted on (X, y) with random stream `seed`."""
    settings = engine_settings(name, params)
    settings["max_features"] = feature_count(settings.pop("mf_fraction"),
                                             settings.pop("mf_count"), X.shape[1])
    settings["draws"] = bootstrap_size(settings.pop("draw_fraction"), X.shape[0])
    seed_stream(seed)
    X = as_float32(X)
    return fit_predict(X, as_vector(y), X[:1], **settings)[2]


def compile_kernels():
    """Compile every kernel into numba's on-disk cache on a tiny problem, once, so the search's
    concurrent jobs load it instead of each compiling it (numba's cache is keyed by source)."""
    from barrierml.search.model import Model
    from barrierml.search.settings import ENGINE_ALGORITHMS

    rng = np.random.default_rng(0)
    X, y = rng.random((12, 2)), rng.random(12)
    data = {"X_train": X, "y_train": y, "X_test": X[:4], "y_test": y[:4]}
    for algorithm in ENGINE_ALGORITHMS:
        model = Model(algorithm, {}, 0, "compile")
        score_ranks({**data, "folds": np.arange(12) % 2}, model, [0])
        predictions(X, y, X[:4], model, 0)
        importances(X, y, algorithm, {}, 0)
    return ENGINE_ALGORITHMS
