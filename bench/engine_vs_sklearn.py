"""Subsets per second: native engine vs scikit-learn on the same subsets, in one run.

    .venv/bin/python bench/engine_vs_sklearn.py [--subsets 32] [--paper-subsets 3]

Data: the shipped (synthetic) vacancy table, the paper's 20 retained descriptors, the
workflow's balanced 80/20 split. Subsets: random ranks of all 2^20 - 1 (mean size about 10).
"""

import argparse
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd

from barrierml.search.engine import score_ranks
from barrierml.search.evaluate import score_all, score_subset
from barrierml.search.model import Model
from barrierml.search.subsets import count
from barrierml.split import balanced_split

RETAINED = ["V_a", "rho_m", "t", "CN_C", "CCD", "PW", "eps_e", "eps_i", "alpha_C", "BC_C",
            "BEC_C", "alpha_O", "BC_O", "BEC_O", "alpha_F", "BC_F", "I_C_Ch", "I_C_H", "E_d",
            "E_f"]
CONFIGS = {
    # the adaboost + ERTR hyperparameters the default grid tunes to on the shipped vacancy data
    "tuned (10 trees x 20 boosts, square)":
        {"n_estimators": 20, "estimator__n_estimators": 10, "loss": "square"},
    "paper scale (100 trees x 50 boosts)":
        {"n_estimators": 50, "estimator__n_estimators": 100},
}
BEST_SPLITS = {  # the best-splitter models, at points of the default grid
    "random_forest": {"n_estimators": 100, "max_features": 0.33},
    "bagging": {"n_estimators": 20, "max_samples": 0.7},
    "decision_tree": {"max_depth": 8, "min_samples_leaf": 3},
    "gradient_boosting": {"n_estimators": 100, "learning_rate": 0.1, "max_depth": 3},
}


def data():
    table = pd.read_csv(Path(__file__).parents[1] / "data" / "synthetic_antiperovskites.csv")
    table = table[table["mechanism"] == "vacancy"]
    y = table["barrier_meV"].to_numpy()
    train, test, _ = balanced_split(y, 0.2, 0.05, 0.1, 10_000, 2022)
    X = table[RETAINED].to_numpy()
    return {"X_train": X[train], "y_train": y[train], "X_test": X[test], "y_test": y[test],
            "folds": None}


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--subsets", type=int, default=32)
    parser.add_argument("--paper-subsets", type=int, default=3)
    args = parser.parse_args()
    d = data()
    print(f"{platform.processor() or platform.machine()}, {len(d['y_train'])} training rows, "
          f"20 descriptors")
    rng = np.random.default_rng(0)
    for (label, params), n in zip(CONFIGS.items(), (args.subsets, args.paper_subsets)):
        model = Model("adaboost_extra_trees", params, 2022, "vacancy")
        ranks = sorted(rng.choice(count(20), n, replace=False).tolist())
        score_ranks(d, model, ranks[:1])  # compile (cached on disk after the first run)
        engine = timed(lambda m=model, rs=ranks: score_ranks(d, m, rs, threads=1))
        sklearn = timed(lambda m=model, rs=ranks: [score_subset(d, m, r) for r in rs])
        print(f"{label}: {n} subsets; scikit-learn {n / sklearn:.2f}/s, engine {n / engine:.1f}/s"
              f" on 1 thread: ratio {sklearn / engine:.1f}x")
    for name, params in BEST_SPLITS.items():
        model = Model(name, params, 2022, "vacancy")
        n = args.subsets * (8 if name == "decision_tree" else 1)
        ranks = sorted(rng.choice(count(20), n, replace=False).tolist())
        score_ranks(d, model, ranks[:1])
        engine = timed(lambda m=model, rs=ranks: score_ranks(d, m, rs, threads=1))
        sklearn = timed(lambda m=model, rs=ranks: [score_subset(d, m, r) for r in rs])
        print(f"{name} {params}: {n} subsets; scikit-learn {n / sklearn:.1f}/s, engine "
              f"{n / engine:.1f}/s on 1 thread: ratio {sklearn / engine:.1f}x")
    ranks = sorted(rng.choice(count(20), 64 * args.subsets, replace=False).tolist())
    for name, params in (("linear", {}), ("ridge", {"alpha": 1.0})):
        model = Model(name, params, 2022, "vacancy")
        engine = timed(lambda m=model: score_all(d, m, ranks, "engine"))
        sklearn = timed(lambda m=model: score_all(d, m, ranks[:256], "sklearn"))
        print(f"{name} closed form: {len(ranks) / engine:.0f} subsets/s, scikit-learn "
              f"{256 / sklearn:.0f}/s: ratio {(len(ranks) / engine) / (256 / sklearn):.0f}x")
    model = Model("adaboost_extra_trees", CONFIGS[next(iter(CONFIGS))], 2022, "vacancy")
    ranks = rng.choice(count(20), 8 * args.subsets, replace=False).tolist()
    one = timed(lambda: score_ranks(d, model, ranks, threads=1))
    two = timed(lambda: score_ranks(d, model, ranks, threads=2))
    print(f"threads, tuned: 1 -> {len(ranks) / one:.1f}/s, 2 -> {len(ranks) / two:.1f}/s "
          f"({one / two:.2f}x)")
    full = 2 * count(20) / (len(ranks) / two)
    print(f"full exact search, both mechanisms, tuned, 2 threads: {full / 3600:.1f} h")


if __name__ == "__main__":
    main()
