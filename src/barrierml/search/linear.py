"""Closed-form least squares and ridge for many subsets from one Gram matrix.

Matches the registry's `linear` and `ridge` models, which standardise X and y on the training
rows (scikit-learn's StandardScaler, population std, scale 1 for constant columns) and fit an
intercept: on standardised data beta_S = (G_SS + alpha I)^-1 c_S with G = Xs'Xs and c = Xs'ys.
"""

import numpy as np

from barrierml.search.subsets import unrank
from barrierml.tune.grid import cv_summary

LINEAR_ALGORITHMS = ("linear", "ridge")


def linear_alpha(name, params):
    """The ridge penalty of `linear` (0) or `ridge` (alpha, default 1); other settings refused."""
    allowed = {"linear": set(), "ridge": {"alpha"}}[name]
    extra = set(params) - allowed
    if extra:
        raise ValueError(f"the closed form has no {', '.join(sorted(extra))} for {name}: "
                         "set search.backend: sklearn")
    return float(params.get("alpha", 1.0)) if name == "ridge" else 0.0


class _Standardised:
    """Gram matrix and cross products of standardised training rows, and a predictor."""

    def __init__(self, X, y):
        self.x_mean, self.x_scale = X.mean(axis=0), X.std(axis=0)
        self.x_scale[self.x_scale == 0] = 1.0
        self.y_mean, self.y_scale = y.mean(), y.std() or 1.0
        Xs = (X - self.x_mean) / self.x_scale
        ys = (y - self.y_mean) / self.y_scale
        self.gram, self.cross = Xs.T @ Xs, Xs.T @ ys

    def predict(self, cols, alpha, X):
        a = self.gram[np.ix_(cols, cols)] + alpha * np.eye(len(cols))
        try:
            beta = np.linalg.solve(a, self.cross[cols])
        except np.linalg.LinAlgError:  # singular least squares: the minimum-norm solution
            beta = np.linalg.lstsq(a, self.cross[cols], rcond=None)[0]
        Xs = (X[:, cols] - self.x_mean[cols]) / self.x_scale[cols]
        return self.y_scale * (Xs @ beta) + self.y_mean


def _rmse(y, p):
    return float(np.sqrt(np.mean((y - p) ** 2)))


def linear_predictions(data, name, params, cols):
    """Train and test predictions of the closed form on columns `cols`."""
    fit = _Standardised(data["X_train"], data["y_train"])
    alpha = linear_alpha(name, params)
    return fit.predict(cols, alpha, data["X_train"]), fit.predict(cols, alpha, data["X_test"])


def score_linear(data, name, params, ranks):
    """Rows (rank, size, test_rmse, train_rmse[, cv_rmse]) like the other backends."""
    alpha = linear_alpha(name, params)
    X, y = data["X_train"], data["y_train"]
    full = _Standardised(X, y)
    folds = data.get("folds")
    per_fold = [] if folds is None else [
        (folds == k, _Standardised(X[folds != k], y[folds != k])) for k in np.unique(folds)]
    rows = []
    for rank in ranks:
        cols = unrank(rank, X.shape[1])
        row = {"rank": rank, "size": len(cols),
               "test_rmse": _rmse(data["y_test"], full.predict(cols, alpha, data["X_test"])),
               "train_rmse": _rmse(y, full.predict(cols, alpha, X))}
        if folds is not None:
            sq = [float(np.sum((y[val] - fit.predict(cols, alpha, X[val])) ** 2))
                  for val, fit in per_fold]
            row["cv_rmse"], row["cv_se"] = cv_summary(sq, [val.sum() for val, _ in per_fold])
        rows.append(row)
    return rows
