"""Multi-fidelity search: screen every subset with a cheap model, refit the best of each size.

A survivor is refitted with the full model and the same per-subset seed as an exact search, so
every score the final tables show is a full-fidelity score. Survivors are chosen with the
screen's own seed-to-seed noise in mind: every subset whose screening score lies within
`sigmas` noise widths of its size's best survives (at least `least`, at most `most` per size).
"""

import numpy as np


def screening_params(algorithm, params, overrides):
    """The tuned hyperparameters with the algorithm's cheap screening overrides on top
    (`overrides`: algorithm -> parameters; an algorithm without an entry screens in full)."""
    return {**params, **overrides.get(algorithm, {})}


def screening_noise(score_ranks, ranks, seeds):
    """Pooled seed-to-seed standard deviation of screening scores.

    score_ranks(seed, ranks) -> scores; each rank is rescored once per seed.
    """
    scores = np.array([score_ranks(seed, ranks) for seed in seeds])
    return float(np.sqrt(np.mean(np.var(scores, axis=0, ddof=1))))


def survivors(top, score, least, margin):
    """Ranks to refit from `top` (gather's best per size): per size, the `least` best plus any
    within `margin` of the best; every single feature too, for the single-feature ranking."""
    best = top.groupby("size")[score].transform("min")
    place = top.groupby("size").cumcount()
    keep = (place < least) | (top[score] <= best + margin) | (top["size"] == 1)
    return sorted(top.loc[keep, "rank"].tolist())
