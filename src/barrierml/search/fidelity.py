"""Multi-fidelity search: screen every subset with a cheap model, refit the best of each size.

A survivor is refitted with the full model and the same per-subset seed as an exact search, so
every score the final tables show is a full-fidelity score.
"""

from barrierml.search.gather import gather


def screening_params(params, overrides):
    """The tuned hyperparameters with the cheap screening overrides on top."""
    return {**params, **overrides}


def survivors(paths, score, per_size):
    """Ranks of the best `per_size` subsets of each size by screening score (all singles kept)."""
    return sorted(gather(paths, score, per_size)["rank"].tolist())
