"""Multi-fidelity search: screen every subset with a cheap model, refit the best of each size.

A survivor is refitted with the full model and the same per-subset seed as an exact search, so
every score the final tables show is a full-fidelity score. Survivors are chosen with the
screen's error in mind: its seed-to-seed noise and its disagreement with the full model, measured
together on a few subsets. Every subset whose screening score lies within `sigmas` error widths
of its size's best survives (at least `least`, at most `most` per size).
"""

import numpy as np


def screening_params(algorithm, params, overrides):
    """The tuned hyperparameters with the algorithm's cheap screening overrides on top
    (`overrides`: algorithm -> parameters; an algorithm without an entry screens in full)."""
    return {**params, **overrides.get(algorithm, {})}


def screening_error(score_screen, score_full, ranks, seeds):
    """Standard deviation of (screening score - full score) over `ranks` x `seeds`, their
    common offset removed: the screen's seed-to-seed noise and its disagreement with the full
    model together. A deterministic screen (gradient boosting) has no seed noise, yet it can
    still misorder subsets.

    score_screen(seed, ranks) -> scores; score_full(ranks) -> scores (the search's own seed).
    """
    full = np.asarray(score_full(ranks), dtype=float)
    errors = np.array([score_screen(seed, ranks) for seed in seeds], dtype=float) - full
    return float(np.std(errors, ddof=1))


def survivors(top, score, least, margin):
    """Ranks to refit from `top` (gather's best per size): per size, the `least` best plus any
    within `margin` of the best; every single feature too, for the single-feature ranking."""
    best = top.groupby("size")[score].transform("min")
    place = top.groupby("size").cumcount()
    keep = (place < least) | (top[score] <= best + margin) | (top["size"] == 1)
    return sorted(top.loc[keep, "rank"].tolist())


def refine_ranks(top, data, model, fidelity, score, probe_size, backend, threads=1):
    """The survivors to refit in full, and the screen's measured error σ.

    The error is measured on the 16 best screened subsets of size `probe_size` (the most crowded
    size searched), with 4 screening seeds next to the model's own seed.
    """
    from barrierml.search.evaluate import score_all

    cheap = model._replace(params=screening_params(model.algorithm, model.params,
                                                   fidelity["params"]))
    probe = top[top["size"] == probe_size]["rank"].tolist()[:16]
    sigma = screening_error(
        lambda seed, rs: [r[score] for r in score_all(data, cheap._replace(seed=seed), rs,
                                                      backend, threads)],
        lambda rs: [r[score] for r in score_all(data, model, rs, backend, threads)],
        probe, [model.seed + k for k in range(1, 5)])
    return survivors(top, score, fidelity["least"], fidelity["sigmas"] * 2**0.5 * sigma), sigma


def refine(chunks, data, model, fidelity, score, max_size, backend, threads=1):
    """The survivors of the screening `chunks` to refit in full, and the screen's σ, probed on
    the most crowded size searched."""
    from barrierml.search.gather import gather

    p = data["X_train"].shape[1]
    top = gather(chunks, score, fidelity["most"])
    crowded = min(p // 2 or 1, max_size or p)
    return refine_ranks(top, data, model, fidelity, score, crowded, backend, threads)
