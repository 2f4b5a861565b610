"""Multi-fidelity search vs the exact search on a 14-feature problem: recall and wall time.

    PYTHONPATH=bench .venv/bin/python bench/multifidelity_recall.py [--algorithm NAME]
        [--full '{"n_estimators": 200}'] [--cheap '{"n_estimators": 5}']

Exact: every subset of 14 descriptors with the full (tuned) model. Multi-fidelity: every subset
with a cheap screening model, then survivors refitted in full, chosen either as the best K of
each size or by the screen's measured error against the full model (within z error widths of
the size's best).
Recall: the share of the exact top-10 of each size (sizes with at least 10 subsets) that the
multi-fidelity top-10 holds.
"""

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from engine_vs_sklearn import BEST_SPLITS, CONFIGS, data

from barrierml.config import check_config
from barrierml.search.chunks import write_chunk
from barrierml.search.engine import score_ranks
from barrierml.search.fidelity import screening_error, screening_params, survivors
from barrierml.search.gather import gather
from barrierml.search.model import Model
from barrierml.search.subsets import count

FULL = {"adaboost_extra_trees": CONFIGS["tuned (10 trees x 20 boosts, square)"], **BEST_SPLITS}
THREADS = 2


def top(rows, k):
    """{size: [ranks of the k best by test RMSE]}."""
    out = {}
    for row in sorted(rows, key=lambda r: (r["test_rmse"], r["rank"])):
        out.setdefault(row["size"], [])
        if len(out[row["size"]]) < k:
            out[row["size"]].append(row["rank"])
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--algorithm", choices=sorted(FULL), default="adaboost_extra_trees")
    parser.add_argument("--full", type=json.loads, default=None,
                        help="the full model's hyperparameters as JSON (default: the bench's)")
    parser.add_argument("--cheap", type=json.loads, default=None,
                        help="screening overrides as JSON (default: the config's)")
    args = parser.parse_args()
    name = args.algorithm
    params = args.full if args.full is not None else FULL[name]
    config = check_config(yaml.safe_load((Path(__file__).parents[1] / "config.yaml").read_text()))
    overrides = config["search"]["fidelity"]["params"]
    if args.cheap is not None:
        overrides = {name: args.cheap}
    d = data()
    p = 14
    d = {**d, "X_train": d["X_train"][:, :p], "X_test": d["X_test"][:, :p]}
    ranks = list(range(count(p)))
    full = Model(name, params, 2022, "vacancy")
    cheap_params = screening_params(name, params, overrides)
    print(f"{name}: full {params}, screening {cheap_params}")
    cheap = Model(name, cheap_params, 2022, "vacancy")
    score_ranks(d, full, ranks[:2])  # compile
    t0 = time.perf_counter()
    exact = score_ranks(d, full, ranks, THREADS)
    t_exact = time.perf_counter() - t0
    t0 = time.perf_counter()
    screen = score_ranks(d, cheap, ranks, THREADS)
    t_screen = time.perf_counter() - t0
    print(f"{p} features, {len(ranks)} subsets, {THREADS} threads: exact {t_exact:.0f} s, "
          f"screening {t_screen:.1f} s ({t_exact / t_screen:.0f}x cheaper)")
    by_rank = {r["rank"]: r for r in exact}
    truth = {n: set(v) for n, v in top(exact, 10).items() if len(v) == 10}
    probe = top(screen, 16)[p // 2]
    t0 = time.perf_counter()
    sigma = screening_error(
        lambda seed, rs: [r["test_rmse"] for r in score_ranks(
            d, Model(name, cheap_params, seed, "vacancy"), rs, THREADS)],
        lambda rs: [r["test_rmse"] for r in score_ranks(d, full, rs, THREADS)],
        probe, range(1000, 1004))
    t_error = time.perf_counter() - t0
    print(f"screening error against the full model: sigma = {sigma:.2f} meV "
          f"({t_error:.1f} s to measure)")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "screen.npz"
        write_chunk(pd.DataFrame(screen), path)
        choices = [(f"best {k}/size", k, k, 0.0) for k in (64, 256, 1024)]
        choices += [(f"error z={z:g}, 32..2048/size", 32, 2048, z * np.sqrt(2) * sigma)
                    for z in (1, 2, 3)]
        for label, least, most, margin in choices:
            kept = survivors(gather([path], "test_rmse", most), "test_rmse", least, margin)
            t0 = time.perf_counter()
            refined = score_ranks(d, full, kept, THREADS)
            t_refine = time.perf_counter() - t0
            assert all(r == by_rank[r["rank"]] for r in refined)  # same seeds: same scores
            found = top(refined, 10)
            shares = [len(truth[n] & set(found[n])) / 10 for n in truth]
            print(f"| {label} | {len(kept)} | {t_refine:.0f} s | {np.mean(shares):.3f} | "
                  f"{min(shares):.1f} | {t_screen + t_error + t_refine:.0f} s |")
    total = 2 * count(20)
    print(f"projected 20 features, both mechanisms: exact {total / (len(ranks) / t_exact) / 3600:.1f}"
          f" h, screening {total / (len(ranks) / t_screen) / 60:.0f} min + refits")


if __name__ == "__main__":
    main()
