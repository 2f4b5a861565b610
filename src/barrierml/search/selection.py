"""Choosing a subset inside one replicate: the one-standard-error rule on CV scores (the paper's
bare argmin when subsets are ranked by their test score), and the near-optimal set."""

import numpy as np

from barrierml.search.gather import best_by_size, optimum
from barrierml.tune.grid import rmse


def choose(top, score):
    """The chosen row of a replicate's top table, the rows within reach, and the threshold.

    Ranked by CV RMSE: the best subset's CV RMSE plus its standard error is the threshold; the
    chosen subset is the smallest size whose best subset is within it (ties: the better score),
    and the near-optimal rows are every kept row within it. Ranked by test RMSE (the paper):
    the argmin, ties to fewer features, and no near-optimal set beyond it.
    """
    best = best_by_size(top, score)
    lowest = optimum(best, score)
    reach = float(lowest[score]) + (float(lowest["cv_se"]) if score == "cv_rmse" else 0.0)
    within = best[best[score] <= reach + 1e-12]
    chosen = within.sort_values(["n", score], kind="stable").iloc[0]
    near = top[top[score] <= reach + 1e-12]
    return chosen, near, reach


def summary(top, score, replicate, baseline):
    """What a replicate's selection found, for selection.json."""
    chosen, near, reach = choose(top, score)
    best = best_by_size(top, score)
    scores = {c: float(chosen[c]) for c in ("test_rmse", "cv_rmse", "cv_se", "train_rmse")
              if c in chosen}
    return {"replicate": replicate, "score": score, "threshold": reach,
            "chosen": {"rank": int(chosen["rank"]), "n": int(chosen["n"]),
                       "features": chosen["features"].split(";"), **scores},
            "near_optimal": sorted(near["features"].tolist()),
            "best_by_size": {int(n): float(s) for n, s in zip(best["n"], best[score])},
            **baseline}


def mean_baseline(y_train, y_test):
    """Test RMSE of predicting the training mean, and the training σ."""
    return {"baseline_test_rmse": rmse(y_test, np.full(len(y_test), y_train.mean())),
            "train_std": float(np.std(y_train, ddof=1))}
