"""Least squares, ridge, lasso and elastic net for many subsets from one Gram matrix.

Matches the registry's `linear`, `ridge`, `lasso` and `elastic_net` models, which standardise X
and y on the training rows (scikit-learn's StandardScaler, population std, scale 1 for constant
columns) and fit an intercept (zero on standardised data). With G = Xs'Xs and c = Xs'ys per fit,
a subset S needs only G_SS and c_S: ridge in closed form, beta_S = (G_SS + alpha I)^-1 c_S; the
lasso and elastic net by scikit-learn's own coordinate descent on the Gram matrix (the solver
`ElasticNet(precompute=True)` runs, with the estimator's alpha, l1_ratio, max_iter and tol).
"""

import numpy as np
from sklearn.linear_model._cd_fast import enet_coordinate_descent_gram

from barrierml.search.subsets import unrank
from barrierml.tune.grid import cv_summary, rmse
from barrierml.tune.registry import make_model

LINEAR_ALGORITHMS = ("linear", "ridge", "lasso", "elastic_net")
ALLOWED = {"linear": set(), "ridge": {"alpha"}, "lasso": {"alpha"},
           "elastic_net": {"alpha", "l1_ratio"}}


def penalty(name, params):
    """(alpha, l1_ratio, max_iter, tol) of a linear model as its estimator holds them (l1_ratio
    None: closed form, alpha 0 for `linear`); settings the Gram path lacks are refused."""
    extra = set(params) - ALLOWED[name]
    if extra:
        raise ValueError(f"the Gram path has no {', '.join(sorted(extra))} for {name}: "
                         "set search.backend: sklearn")
    if name == "linear":
        return 0.0, None, None, None
    model = make_model(name, params).regressor.named_steps["model"]
    if name == "ridge":
        return float(model.alpha), None, None, None
    return float(model.alpha), float(model.l1_ratio), int(model.max_iter), float(model.tol)


class _Standardised:
    """Gram matrix and cross products of standardised training rows, and a predictor."""

    def __init__(self, X, y):
        self.x_mean, self.x_scale = X.mean(axis=0), X.std(axis=0)
        self.x_scale[self.x_scale == 0] = 1.0
        self.y_mean, self.y_scale = y.mean(), y.std() or 1.0
        Xs = (X - self.x_mean) / self.x_scale
        self.ys = (y - self.y_mean) / self.y_scale
        self.gram, self.cross = Xs.T @ Xs, Xs.T @ self.ys

    def coefficients(self, cols, settings):
        """Standardised coefficients of the subset `cols` (settings: `penalty`'s tuple)."""
        alpha, l1_ratio, max_iter, tol = settings
        gram = self.gram[np.ix_(cols, cols)]
        if l1_ratio is not None:
            n = len(self.ys)
            beta = np.zeros(len(cols))
            enet_coordinate_descent_gram(beta, alpha * l1_ratio * n, alpha * (1.0 - l1_ratio) * n,
                                         np.ascontiguousarray(gram), self.cross[cols], self.ys,
                                         max_iter, tol, np.random.RandomState(0), False, False,
                                         True)
            return beta
        a = gram + alpha * np.eye(len(cols))
        try:
            return np.linalg.solve(a, self.cross[cols])
        except np.linalg.LinAlgError:  # singular least squares: the minimum-norm solution
            return np.linalg.lstsq(a, self.cross[cols], rcond=None)[0]

    def predict(self, cols, beta, X):
        """Predictions (meV) of the standardised coefficients `beta` of subset `cols` on X."""
        Xs = (X[:, cols] - self.x_mean[cols]) / self.x_scale[cols]
        return self.y_scale * (Xs @ beta) + self.y_mean


def linear_predictions(data, name, params, cols):
    """Train and test predictions of the closed form on columns `cols`."""
    fit = _Standardised(data["X_train"], data["y_train"])
    beta = fit.coefficients(cols, penalty(name, params))
    return fit.predict(cols, beta, data["X_train"]), fit.predict(cols, beta, data["X_test"])


def score_linear(data, name, params, ranks):
    """Rows (rank, size, test_rmse, train_rmse[, cv_rmse]) like the other backends."""
    settings = penalty(name, params)
    X, y = data["X_train"], data["y_train"]
    full = _Standardised(X, y)
    folds = data.get("folds")
    per_fold = [] if folds is None else [
        (folds == k, _Standardised(X[folds != k], y[folds != k])) for k in np.unique(folds)]
    rows = []
    for rank in ranks:
        cols = unrank(rank, X.shape[1])
        beta = full.coefficients(cols, settings)
        row = {"rank": rank, "size": len(cols),
               "test_rmse": rmse(data["y_test"], full.predict(cols, beta, data["X_test"])),
               "train_rmse": rmse(y, full.predict(cols, beta, X))}
        if folds is not None:
            sq = [float(np.sum((y[val] - fit.predict(cols, fit.coefficients(cols, settings),
                                                     X[val])) ** 2))
                  for val, fit in per_fold]
            row["cv_rmse"], row["cv_se"] = cv_summary(sq, [val.sum() for val, _ in per_fold])
        rows.append(row)
    return rows
