"""Gather chunk files into the best subsets per size, in memory bounded by top_k x sizes."""

import pandas as pd

from barrierml.search.chunks import read_chunk


def gather(paths, score, top_k):
    """Top `top_k` rows per subset size by `score` (ties: lower rank), over all chunk files.

    Every single-feature subset is kept, for the single-feature ranking (paper Fig. S2).
    """
    best = None
    for path in paths:
        chunk = read_chunk(path)
        if chunk.empty:
            continue
        best = chunk if best is None else pd.concat([best, chunk], ignore_index=True)
        best = best.sort_values([score, "rank"], kind="stable")
        place = best.groupby("size").cumcount()
        best = best[(place < top_k) | (best["size"] == 1)]
    if best is None:
        raise ValueError("no subset was evaluated: check search.max_size and the chunk files")
    return best.sort_values(["size", score, "rank"], kind="stable").reset_index(drop=True)


def best_by_size(top, score):
    """One row per n: the best subset of that size."""
    out = top.groupby("size", sort=True).head(1).rename(columns={"size": "n"})
    scores = [c for c in ("test_rmse", "cv_rmse", "cv_se", "train_rmse") if c in out]
    return out[["n", "features", *scores, "rank"]].reset_index(drop=True)


def optimum(best, score):
    """The best subset over all sizes; ties go to fewer features."""
    return best.sort_values([score, "n"], kind="stable").iloc[0]
