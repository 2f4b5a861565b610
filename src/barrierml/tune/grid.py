"""Grid search of one algorithm with the paper's stratified folds, on the training rows only."""

import numpy as np
from sklearn.model_selection import GridSearchCV, PredefinedSplit

from barrierml.tune.registry import grid_names, make_model, own_names


def rmse(y, p):
    return float(np.sqrt(np.mean((np.asarray(y) - np.asarray(p)) ** 2)))


def cv_summary(sq, count):
    """CV RMSE over all rows, and the standard error of the fold RMSEs' mean."""
    sq, count = np.asarray(sq, dtype=float), np.asarray(count, dtype=float)
    fold = np.sqrt(sq / count)
    return float(np.sqrt(sq.sum() / count.sum())), float(np.std(fold, ddof=1) / np.sqrt(len(fold)))


def cv_baseline(y, folds):
    """CV RMSE of predicting each fold's training mean."""
    sq = [float(np.sum((y[folds == k] - y[folds != k].mean()) ** 2)) for k in np.unique(folds)]
    return float(np.sqrt(sum(sq) / len(y)))


def tune(name, grid, X_train, y_train, folds, seed, mechanism, threads=1, keys=()):
    """Tune `name` over `grid` (estimator's own parameter names) by CV on the training `folds`
    only; return a result record. `keys` name the estimators' random streams beyond the
    mechanism (a nested replicate's own)."""
    search = GridSearchCV(
        make_model(name, {}, seed, mechanism, *keys),
        {k: list(v) for k, v in grid_names(name, grid).items()},
        scoring="neg_root_mean_squared_error", cv=PredefinedSplit(folds), n_jobs=threads,
        refit=True, error_score="raise")
    search.fit(X_train, y_train)
    best = own_names(name, search.best_params_)
    return {
        "algorithm": name, "mechanism": mechanism,
        "params": {k: (v.item() if hasattr(v, "item") else v) for k, v in best.items()},
        "cv_rmse": float(-search.best_score_),
        "train_rmse": rmse(y_train, search.predict(X_train)),
        "candidates": len(search.cv_results_["params"]),
    }


def choose(results, rule):
    """The algorithm with the lowest summed test (or CV) RMSE over all mechanisms."""
    column = {"sum_test_rmse": "test_rmse", "sum_cv_rmse": "cv_rmse"}[rule]
    totals = results.groupby("algorithm")[column].sum().sort_values(kind="stable")
    return str(totals.index[0]), totals
