"""Statistical equivalence of the engine and scikit-learn: every engine model on three tables.

    .venv/bin/python bench/equivalence.py [--seeds 200] [--margin 0.005] [--models extra_trees ...]
        [--tables synthetic ...] [--jitter 1e-6]

Per case: the test RMSE over `seeds` seeds for each backend (all descriptors of the table, one
fit per seed), Welch's two-sided t-test, and an equivalence test (TOST): the 90% confidence
interval of the difference of the means must lie within ± margin × scikit-learn's mean RMSE.
The random streams differ (numba's against NumPy's), so agreement is in distribution. Tables:
the shipped synthetic vacancy table (SYNTHETIC), the shipped MLIP vacancy table (MLIP-level
barriers, not DFT) and a grouped table (SYNTHETIC: 24 'compounds' of 12 rows whose
descriptors are mostly constant within a compound, as real tables' elemental columns are).
--jitter r multiplies every descriptor value by 1 + r·N(0, 1), so no two features divide the
rows alike: a diagnostic for offsets that come from which of several tied features a split takes.
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from scipy import stats

sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
from test_engine import RETAINED, _grouped, _mlip, _shipped

from barrierml.search.engine import score_ranks
from barrierml.search.evaluate import score_subset
from barrierml.search.model import Model
from barrierml.search.subsets import rank_of

TABLES = {
    "synthetic vacancy (20 descriptors)": lambda: _shipped("vacancy", RETAINED),
    "MLIP vacancy (33 descriptors)": lambda: _mlip("vacancy"),
    "grouped (20 descriptors)": _grouped,
}
MODELS = {
    "extra_trees": {"n_estimators": 10},
    "adaboost_extra_trees": {"n_estimators": 10, "estimator__n_estimators": 10,
                             "loss": "square"},
    "random_forest": {"n_estimators": 30, "max_features": 0.5},
    "bagging": {"n_estimators": 30, "max_samples": 0.7},
    "decision_tree": {"min_samples_leaf": 2},
    "gradient_boosting": {"n_estimators": 100, "max_depth": 3, "max_features": 0.5},
}


def tost(a, b, margin):
    """(difference of means / mean(b), Welch p, 90% CI of the relative difference)."""
    diff = np.mean(a) - np.mean(b)
    va, vb = np.var(a, ddof=1) / len(a), np.var(b, ddof=1) / len(b)
    scale = np.mean(b)
    if va + vb == 0:  # deterministic on both sides: the means are the whole story
        return diff / scale, float(diff == 0), (diff / scale, diff / scale)
    dof = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    half = stats.t.ppf(0.95, dof) * np.sqrt(va + vb)
    p = stats.ttest_ind(a, b, equal_var=False).pvalue
    return diff / scale, p, ((diff - half) / scale, (diff + half) / scale)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=200)
    parser.add_argument("--margin", type=float, default=0.005)
    parser.add_argument("--models", nargs="+", choices=list(MODELS), default=list(MODELS))
    first_words = [t.split()[0] for t in TABLES]
    parser.add_argument("--tables", nargs="+", choices=first_words, default=first_words)
    parser.add_argument("--jitter", type=float, default=0.0)
    args = parser.parse_args()
    print(f"{args.seeds} seeds per backend, margin ±{100 * args.margin:.1f}%, "
          f"jitter {args.jitter:g}, {time.strftime('%Y-%m-%d')}")
    print("| table | model | engine RMSE | scikit-learn RMSE | difference | Welch p | 90% CI |"
          " verdict |")
    print("|---|---|---|---|---|---|---|---|")
    for table, make in TABLES.items():
        if table.split()[0] not in args.tables:
            continue
        X, y, Xt, yt = make()
        noise = np.random.default_rng(0)
        X, Xt = (A * (1 + args.jitter * noise.normal(size=A.shape)) for A in (X, Xt))
        data = {"X_train": X, "y_train": y, "X_test": Xt, "y_test": yt, "folds": None}
        everything = rank_of(range(X.shape[1]), X.shape[1])
        for name in args.models:
            params = MODELS[name]
            models = [Model(name, params, seed, "m") for seed in range(args.seeds)]
            engine = [score_ranks(data, m, [everything])[0]["test_rmse"] for m in models]
            sklearn = [score_subset(data, m, everything)["test_rmse"] for m in models]
            rel, p, (lo, hi) = tost(engine, sklearn, args.margin)
            verdict = ("equivalent" if -args.margin < lo and hi < args.margin
                       else "DIFFERENT" if p < 0.01 else "undecided")
            print(f"| {table} | {name} | {np.mean(engine):.2f} | {np.mean(sklearn):.2f} | "
                  f"{100 * rel:+.2f}% | {p:.3f} | [{100 * lo:+.2f}%, {100 * hi:+.2f}%] | "
                  f"{verdict} |", flush=True)


if __name__ == "__main__":
    main()
