"""Support-vector regression for many subsets from per-descriptor kernel blocks.

Matches the registry's `svr_rbf` and `svr_linear`: scikit-learn's SVR inside a
TransformedTargetRegressor that standardises y, after a StandardScaler on X (both on the fitted
rows, population std, scale 1 for a constant column). On standardised columns both the squared
distance and the dot product of two rows over a subset are sums over its descriptors, so each
fit keeps one n x m block per descriptor (squared differences for the RBF kernel, products for
the linear one) and a subset's kernel is exp(-gamma * sum) or the sum. Blocks are summed from the subset's largest descriptor down and
the partial sums of the last subset are reused: ranks in colex order share their largest
members, so most subsets cost one block addition per fit, and every sum is the same whatever
chunk a subset falls in. scikit-learn's own SVR solves the same problem on the precomputed
kernel: its libsvm, called as SVR.fit calls it (no QP of ours). (The polynomial kernel would
fit too, but libsvm's time dominates it: no faster than scikit-learn, bench/README.md.)
"""

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.svm import SVR, _libsvm

from barrierml.search.subsets import unrank
from barrierml.tune.grid import cv_summary, rmse

KERNELS = {"svr_rbf": "rbf", "svr_linear": "linear"}
KERNEL_ALGORITHMS = tuple(KERNELS)
EPSILON_SVR = 3  # libsvm's svm_type of SVR (scikit-learn's LIBSVM_IMPL order)
MEMORY = 2 * 1024 ** 3  # bytes the distance blocks may take; bigger tables go to scikit-learn


def fits_in_memory(data):
    """Whether the per-descriptor distance blocks of every fit stay within MEMORY (they grow
    as descriptors x rows x training rows, per fit)."""
    n_all = len(data["y_train"]) + len(data["y_test"])
    fits = 1 + (0 if data.get("folds") is None else len(np.unique(data["folds"])))
    return data["X_train"].shape[1] * n_all * len(data["y_train"]) * 8 * fits <= MEMORY


def _svr(name, params):
    """The SVR of the grid point (its parameters checked by scikit-learn), whose C, epsilon,
    tol, shrinking, cache_size, max_iter and gamma the kernel path reads."""
    if "kernel" in params:
        raise ValueError(f"{name} fixes the kernel: remove 'kernel' from its grid")
    gamma = params.get("gamma", "scale")
    if not (gamma in ("scale", "auto") or isinstance(gamma, (int, float))):
        raise ValueError(f"{name}'s gamma must be a number, 'scale' or 'auto', not {gamma!r}")
    svr = SVR(kernel=KERNELS[name], **params)
    svr._validate_params()
    return svr


def _scale(values):
    """StandardScaler's scale: the population std, 1 where it is 0."""
    sd = values.std(axis=0)
    return np.where(sd == 0, 1.0, sd)


class _Fit:
    """One SVR fit's rows: per-descriptor blocks (squared differences for `rbf`, else products)
    of the rows it predicts (`rows`) against the rows it is fitted on (`fit`, the first block of
    `rows`), on the fit rows' scaling."""

    def __init__(self, X, y, fit, rows, kind):
        scale = _scale(X[fit])
        Xs = (X - X[fit].mean(axis=0)) / scale
        self.Z = Xs[fit]  # the fitted rows' standardised values, for gamma = 'scale'
        self.kind = kind
        self.blocks = [(Xs[rows, f][:, None] - Xs[fit, f][None, :]) ** 2 if kind == "rbf"
                       else Xs[rows, f][:, None] * Xs[fit, f][None, :]
                       for f in range(X.shape[1])]
        self.y_mean, self.y_scale = y[fit].mean(), y[fit].std() or 1.0
        self.ys = (y[fit] - self.y_mean) / self.y_scale
        self.n_fit = len(fit)
        self._cols, self._sums = [], []

    def sums(self, cols):
        """The blocks of `cols` summed, from the largest column down."""
        order = sorted(cols, reverse=True)
        keep = 0
        while keep < min(len(order), len(self._cols)) and order[keep] == self._cols[keep]:
            keep += 1
        sums = self._sums[:keep]
        for c in order[keep:]:
            sums.append(self.blocks[c] if not sums else sums[-1] + self.blocks[c])
        self._cols, self._sums = order, sums
        return sums[-1]

    def predict(self, cols, svr):
        """Predictions for every row of `rows` (meV), the SVR fitted on the first n_fit."""
        total = self.sums(cols)
        if svr.gamma == "scale":
            variance = self.Z[:, cols].var()
            g = 1.0 / (len(cols) * variance) if variance != 0 else 1.0
        else:
            g = 1.0 / len(cols) if svr.gamma == "auto" else float(svr.gamma)
        kernel = np.exp(-g * total) if self.kind == "rbf" else total
        support, coef, intercept = _solve(kernel[:self.n_fit], self.ys, svr)
        return (kernel[:, support] @ coef + intercept) * self.y_scale + self.y_mean


def _solve(kernel, ys, svr):
    """libsvm's epsilon-SVR on a precomputed kernel, called as SVR.fit calls it (without its
    input checks: the kernel is ours): the support, its dual coefficients and the intercept,
    so that a prediction is kernel[:, support] @ coef + intercept, as SVR.predict computes."""
    _libsvm.set_verbosity_wrap(0)  # libsvm prints every solve unless told, as SVR.fit tells it
    support, _, _, coef, intercept, _, _, status, _ = _libsvm.fit(
        kernel, ys, svm_type=EPSILON_SVR, kernel="precomputed", C=svr.C, epsilon=svr.epsilon,
        tol=svr.tol, shrinking=svr.shrinking, cache_size=svr.cache_size, max_iter=svr.max_iter,
        sample_weight=np.empty(0), class_weight=np.empty(0), probability=0, degree=3,
        gamma=0.0, coef0=0.0, nu=0.5, random_seed=0)
    if status:
        warnings.warn("libsvm stopped at max_iter before it converged", ConvergenceWarning,
                      stacklevel=3)
    return support, coef[0], intercept[0]


def _fits(data, kind):
    """The full fit (rows: train then test) and one per CV fold (rows: fold's train then val)."""
    X = np.vstack([data["X_train"], data["X_test"]])
    y = np.concatenate([data["y_train"], data["y_test"]])
    n = len(data["y_train"])
    train = np.arange(n)
    full = _Fit(X, y, train, np.arange(len(y)), kind)
    folds = data.get("folds")
    per_fold = [] if folds is None else [
        (folds == k, _Fit(X, y, train[folds != k],
                          np.concatenate([train[folds != k], train[folds == k]]), kind))
        for k in np.unique(folds)]
    return full, per_fold


def kernel_predictions(data, name, params, cols):
    """Train and test predictions of the precomputed-kernel SVR on columns `cols`."""
    svr = _svr(name, params)
    full, _ = _fits({**data, "folds": None}, KERNELS[name])
    pred = full.predict(cols, svr)
    n = len(data["y_train"])
    return pred[:n], pred[n:]


def score_kernel(data, name, params, ranks):
    """Rows (rank, size, test_rmse, train_rmse[, cv_rmse, cv_se]) like the other backends."""
    svr = _svr(name, params)
    full, per_fold = _fits(data, KERNELS[name])
    y, n = data["y_train"], len(data["y_train"])
    rows = []
    for rank in ranks:
        cols = unrank(rank, data["X_train"].shape[1])
        pred = full.predict(cols, svr)
        row = {"rank": rank, "size": len(cols), "test_rmse": rmse(data["y_test"], pred[n:]),
               "train_rmse": rmse(y, pred[:n])}
        if per_fold:
            sq, count = [], []
            for val, fit in per_fold:
                held = fit.predict(cols, svr)[fit.n_fit:]
                sq.append(float(np.sum((y[val] - held) ** 2)))
                count.append(int(val.sum()))
            row["cv_rmse"], row["cv_se"] = cv_summary(sq, count)
        rows.append(row)
    return rows
