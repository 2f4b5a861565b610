"""Recall of the large-p mode (exhaustive to size k, then a beam) against the exact search.

    .venv/bin/python bench/stepwise_recall.py [--p 16 18] [--k 4] [--width 50] [--threads 2]

For p descriptors (drawn with a fixed seed from a table's non-constant descriptors), every
subset is scored by grouped 5-fold CV inside a compound-level training split (the workflow's
default ranking); the stepwise mode scores every subset of size <= k, then the floating beam
(extensions, then one-for-one swaps). Per size above k: the share of the exact top 10 that the
beam also scored (recall), and the cost in subsets. Tables: the shipped MLIP vacancy table
(MLIP-level barriers, not DFT) and the shipped synthetic vacancy table (SYNTHETIC). Models:
least squares in closed form, and gradient boosting (50 stages, depth 2) in the engine.
"""

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

from barrierml.search.evaluate import score_all
from barrierml.search.model import Model
from barrierml.search.stepwise import beam
from barrierml.search.subsets import count, unrank
from barrierml.split import balanced_split, grouped_folds

ROOT = Path(__file__).parents[1]
TABLES = {"MLIP vacancy": "data/antiperovskites_mlip/antiperovskites.csv",
          "synthetic vacancy": "data/synthetic_antiperovskites.csv"}
MODELS = {"linear (closed form)": ("linear", {}, "engine"),
          "gradient boosting 50 x depth 2": ("gradient_boosting",
                                             {"n_estimators": 50, "max_depth": 2}, "engine")}
TOP = 10


def data(path, p):
    table = pd.read_csv(ROOT / path)
    table = table[table["mechanism"] == "vacancy"].reset_index(drop=True)
    numeric = [c for c in table.columns[4:] if pd.api.types.is_numeric_dtype(table[c])
               and table[c].nunique() > 1]
    columns = sorted(np.random.default_rng(0).choice(numeric, p, replace=False).tolist())
    y, groups = table["barrier_meV"].to_numpy(), table["compound"].to_numpy()
    train, test, _ = balanced_split(y, 0.2, 0.1, 0.2, 10_000, 2022, groups)
    folds = grouped_folds(y[train], groups[train], 5, 0.1, 10_000, 2022)
    X = table[columns].to_numpy(float)
    return {"X_train": X[train], "y_train": y[train], "X_test": X[test], "y_test": y[test],
            "folds": folds}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--p", type=int, nargs="+", default=[16, 18])
    parser.add_argument("--k", type=int, default=4)
    parser.add_argument("--width", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    print(f"k = {args.k}, beam width {args.width}, exact top {TOP} per size, "
          f"{time.strftime('%Y-%m-%d')}")
    print("| table | model | p | exact subsets | stepwise subsets | recall per size "
          f"(sizes {args.k + 1}..p) | mean | min |")
    print("|---|---|---|---|---|---|---|---|")
    for label, path in TABLES.items():
        for name, (algorithm, params, backend) in MODELS.items():
            for p in args.p:
                d = data(path, p)
                model = Model(algorithm, params, 2022, "vacancy")
                ranks = range(count(p))
                exact = pd.DataFrame(score_all(d, model, ranks, backend, args.threads))
                exact["size"] = [len(unrank(r, p)) for r in exact["rank"]]
                exact = exact.sort_values(["cv_rmse", "rank"], kind="stable")
                lookup = dict(zip(exact["rank"], exact["cv_rmse"], strict=True))
                start = exact[exact["size"] == args.k]["rank"].tolist()
                scored = beam(lambda rs, d=lookup: [d[r] for r in rs], p, start, args.width, p)
                recalls = []
                for size in range(args.k + 1, p + 1):
                    top = exact[exact["size"] == size]["rank"].head(TOP)
                    recalls.append(np.mean([r in scored for r in top]))
                print(f"| {label} | {name} | {p} | {count(p):,} | "
                      f"{count(p, args.k) + len(scored):,} | "
                      f"{' '.join(f'{r:.1f}' for r in recalls)} | {np.mean(recalls):.3f} | "
                      f"{min(recalls):.1f} |", flush=True)


if __name__ == "__main__":
    main()
