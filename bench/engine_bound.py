"""The engine against scikit-learn and against its work bound, per model and table size.

    .venv/bin/python bench/engine_bound.py [--subsets 16] [--large-subsets 2] [--rounds 2]

One thread, one run, engine and scikit-learn alternated (ABAB) on the same subsets of k = 10
descriptors. Tables: the shipped MLIP vacancy table (its workflow split, ~230 training rows),
and 4,000 synthetic vacancy rows (SYNTHETIC: the test generator's tables for seeds 0, 1, ...
stacked). The work bound (../shared/notes/engine-bound.md) counts what scikit-learn's own fitted
trees imply, at 1 ns per row-feature visit:
  extra trees: per internal node rows x (2k + 1), plus every tree predicting all rows (x depth);
  gradient boosting: per internal node rows x (k + 1), plus n per stage (residual update);
  random forest: per internal node (distinct bootstrap rows) x (max_features + 1).
"""

import argparse
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.ensemble import AdaBoostRegressor, GradientBoostingRegressor, RandomForestRegressor

from barrierml.data.catalogue import load_catalogue
from barrierml.data.synthetic import synthetic_table
from barrierml.search.engine import score_ranks
from barrierml.search.evaluate import fitted_subset_model, score_subset
from barrierml.search.model import Model
from barrierml.search.subsets import rank_of, unrank
from barrierml.split import balanced_split

ROOT = Path(__file__).parents[1]
K = 10
MODELS = {
    "gradient boosting 200 x depth 3": ("gradient_boosting", {"n_estimators": 200,
                                                              "max_depth": 3}),
    "AdaBoost.R2 + ERT 20 x 10": ("adaboost_extra_trees", {"n_estimators": 20,
                                                          "estimator__n_estimators": 10}),
    "random forest 100 trees": ("random_forest", {"n_estimators": 100}),
}


def _split(table):
    y = table["barrier_meV"].to_numpy()
    train, test, _ = balanced_split(y, 0.2, 0.05, 0.1, 10_000, 2022)
    X = table.drop(columns=["compound", "mechanism", "path_id", "barrier_meV"]).to_numpy(float)
    return {"X_train": X[train], "y_train": y[train], "X_test": X[test], "y_test": y[test],
            "folds": None}


def mlip():
    table = pd.read_csv(ROOT / "data" / "antiperovskites_mlip" / "antiperovskites.csv")
    table = table[table["mechanism"] == "vacancy"]
    numeric = [c for c in table.columns[4:] if pd.api.types.is_numeric_dtype(table[c])
               and table[c].nunique() > 1]
    return _split(table[["compound", "mechanism", "path_id", "barrier_meV", *numeric]])


def large(rows=4000):
    columns = [d.column for d in load_catalogue(ROOT / "data" / "descriptors.yaml")]
    parts, seed = [], 0
    while sum(len(p) for p in parts) < rows / 0.8:
        table = synthetic_table(columns, seed)
        parts.append(table[table["mechanism"] == "vacancy"].assign(
            compound=lambda t, s=seed: t["compound"] + f"_{s}"))
        seed += 1
    return _split(pd.concat(parts, ignore_index=True).iloc[: int(rows / 0.8)])


def _internal(tree):
    t = tree.tree_
    inner = t.children_left >= 0
    return t.n_node_samples[inner].sum(), t.max_depth


def bound_ms(est, n_train, n_all, k):
    """Visits implied by the fitted scikit-learn estimator, at 1 ns each, in ms."""
    visits = 0
    if isinstance(est, GradientBoostingRegressor):
        for (tree,) in est.estimators_:
            rows, _ = _internal(tree)
            visits += rows * (k + 1) + n_train
    elif isinstance(est, AdaBoostRegressor):
        for forest in est.estimators_:
            for tree in forest.estimators_:
                rows, depth = _internal(tree)
                visits += rows * (2 * k + 1) + n_all * depth
    elif isinstance(est, RandomForestRegressor):
        for tree in est.estimators_:
            rows, _ = _internal(tree)
            visits += rows * (tree.max_features_ + 1)
    return visits * 1e-6


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--subsets", type=int, default=16)
    parser.add_argument("--large-subsets", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    print(f"{platform.machine()}, 1 thread, k = {K}, {time.strftime('%Y-%m-%d')}")
    rng = np.random.default_rng(0)
    print("| table | model | engine ms | scikit-learn ms | bound ms | sklearn / engine |"
          " engine / bound |")
    print("|---|---|---|---|---|---|---|")
    for label, data, n_subsets in (("MLIP vacancy", mlip(), args.subsets),
                                   ("synthetic 4,000 rows", large(), args.large_subsets)):
        p = data["X_train"].shape[1]
        ranks = [rank_of(rng.choice(p, K, replace=False).tolist(), p) for _ in range(n_subsets)]
        n_train, n_all = len(data["y_train"]), len(data["y_train"]) + len(data["y_test"])
        for name, (algorithm, params) in MODELS.items():
            model = Model(algorithm, params, 2022, "vacancy")
            score_ranks(data, model, ranks[:1])  # compiled (cached after the first run)
            engine, sklearn = [], []
            for _ in range(args.rounds):
                start = time.process_time()
                score_ranks(data, model, ranks, threads=1)
                engine.append((time.process_time() - start) / len(ranks))
                start = time.process_time()
                for rank in ranks:
                    score_subset(data, model, rank)
                sklearn.append((time.process_time() - start) / len(ranks))
            bound = np.mean([bound_ms(fitted_subset_model(model, rank, {
                **data, "X_train": data["X_train"][:, unrank(rank, p)]}), n_train, n_all, K)
                for rank in ranks[:4]])
            e, s = 1000 * min(engine), 1000 * min(sklearn)
            print(f"| {label} ({n_train} rows) | {name} | {e:.2f} | {s:.1f} | {bound:.2f} | "
                  f"{s / e:.1f}x | {e / bound:.1f}x |", flush=True)


if __name__ == "__main__":
    main()
