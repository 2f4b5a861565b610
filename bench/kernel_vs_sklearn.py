"""Subsets per second of the Gram and kernel paths (the engine) vs scikit-learn's pipeline, on
the same subsets in one run, one thread.

    .venv/bin/python bench/kernel_vs_sklearn.py [--subsets 64] [--sizes 4 10]
        [--models svr_rbf svr_linear lasso elastic_net]

Data: the shipped default (MLIP) table's vacancy rows, 12 descriptors it has (the first of the
filter's preference list), 80/20 split by compound and 5 grouped CV folds, as the default run
searches. Models: svr_rbf at the default run's vacancy choice (C = 10, gamma = 0.01) and at
scikit-learn's gamma = 'scale'; svr_linear, lasso and elastic_net at grid points
the nested repeats of the default run chose. Each row of the output: subsets of one size, both
backends, the ratio, and the largest relative difference of any score (they solve the same
problem).
"""

import argparse
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from threadpoolctl import threadpool_limits

from barrierml.search.evaluate import score_all
from barrierml.search.model import Model
from barrierml.search.subsets import count, unrank

ROOT = Path(__file__).resolve().parents[1]
P = 12


def data():
    table = pd.read_csv(ROOT / "data" / "antiperovskites_mlip" / "antiperovskites.csv")
    table = table[table["mechanism"] == "vacancy"].reset_index(drop=True)
    preference = yaml.safe_load((ROOT / "config.yaml").read_text())["filter"]["preference"]
    columns = [c for c in preference if c in table and table[c].nunique() > 1][:P]
    rng = np.random.default_rng(2022)
    compounds = rng.permutation(table["compound"].unique())
    test = table["compound"].isin(compounds[: len(compounds) // 5]).to_numpy()
    fold_of = {c: k % 5 for k, c in enumerate(compounds[len(compounds) // 5:])}
    X, y = table[columns].to_numpy(), table["barrier_meV"].to_numpy()
    return {"X_train": X[~test], "y_train": y[~test], "X_test": X[test], "y_test": y[test],
            "folds": table.loc[~test, "compound"].map(fold_of).to_numpy()}


CASES = {"svr_rbf": ({"C": 10.0, "gamma": 0.01}, {"C": 10.0}),
         "svr_linear": ({"C": 0.1, "epsilon": 0.1},),
         "lasso": ({"alpha": 1.0}, {"alpha": 0.01}),
         "elastic_net": ({"alpha": 0.01, "l1_ratio": 0.2},)}


def ranks_of_size(size, n, seed=0):
    """n consecutive ranks of subsets of `size` descriptors from a random start: what a chunk
    of the search scores."""
    first, last = count(P, size - 1), count(P, size)
    start = int(np.random.default_rng(seed).integers(first, max(first + 1, last - n)))
    return list(range(start, min(start + n, last)))


def timed(d, model, ranks, backend):
    """(seconds, rows) of scoring `ranks` with `backend`."""
    start = time.perf_counter()
    out = score_all(d, model, ranks, backend)
    return time.perf_counter() - start, out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subsets", type=int, default=64)
    parser.add_argument("--sizes", type=int, nargs="+", default=[4, 10])
    parser.add_argument("--models", nargs="+", default=list(CASES))
    args = parser.parse_args()
    d = data()
    print(f"{platform.node()} {platform.machine()}, {len(d['y_train'])} training rows, "
          f"{len(d['y_test'])} test rows, 5 grouped folds, 1 thread")
    print("| model | params | subset size | scikit-learn, ms/subset | engine, ms/subset | ratio | "
          "max rel. diff |")
    print("|---|---|---|---|---|---|---|")
    with threadpool_limits(1):
        for name, params in ((n, q) for n in args.models for q in CASES[n]):
            model = Model(name, params, 2022, "vacancy")
            for size in args.sizes:
                ranks = ranks_of_size(size, args.subsets)
                assert all(len(unrank(r, P)) == size for r in ranks)
                slow, ref = timed(d, model, ranks, "sklearn")
                fast, ours = timed(d, model, ranks, "engine")
                diff = max(abs(a[k] - b[k]) / abs(b[k]) for a, b in zip(ours, ref, strict=True)
                           for k in ("test_rmse", "train_rmse", "cv_rmse"))
                print(f"| {name} | {params} | {size} | {1000 * slow / len(ranks):.1f} | "
                      f"{1000 * fast / len(ranks):.2f} | {slow / fast:.1f}x | {diff:.1e} |")


if __name__ == "__main__":
    main()
