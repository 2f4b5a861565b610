"""The paper's 80/20 split with matching barrier statistics, and its stratified 10-fold CV."""

import numpy as np

from barrierml.errors import InputError
from barrierml.rng import generator


def stats(y):
    """Mean and sample standard deviation (meV)."""
    return float(np.mean(y)), float(np.std(y, ddof=1))


def check_sizes(n_rows, split, source, where):
    """Stop unless n_rows leave test rows and at least two training rows per CV fold."""
    n_test = round(split["test_fraction"] * n_rows)
    n_train = n_rows - n_test
    if n_test < 1 or n_train < 2 * split["folds"]:
        most = n_train // 2
        raise InputError(source, where, f"{n_rows} rows leave {n_test} test and {n_train} training "
                         f"rows, too few for {split['folds']}-fold CV (2 rows a fold at least)",
                         "add rows" + (f", or set split.folds to at most {most}" if most >= 2 else "")
                         + (", or raise split.test_fraction" if n_test < 1 else ""))


def balanced_split(y, test_fraction, mean_tolerance, std_tolerance, max_tries, seed):
    """Random train/test split, redrawn until test mean and std agree with train within tolerance.

    Tolerances are relative to the training values. Returns (train, test, record), where train
    and test are sorted positions into y and record holds the try count and statistics.
    """
    y = np.asarray(y, dtype=float)
    n_test = round(test_fraction * len(y))
    rng = generator(seed, "split")
    for attempt in range(1, max_tries + 1):
        order = rng.permutation(len(y))
        test, train = np.sort(order[:n_test]), np.sort(order[n_test:])
        (m_tr, s_tr), (m_te, s_te) = stats(y[train]), stats(y[test])
        if abs(m_te - m_tr) <= mean_tolerance * m_tr and abs(s_te - s_tr) <= std_tolerance * s_tr:
            record = {"seed": seed, "tries": attempt, "n_train": len(train), "n_test": len(test),
                      "train_mean": m_tr, "train_std": s_tr, "test_mean": m_te, "test_std": s_te}
            return train, test, record
    raise InputError("config split", f"{len(y)} rows", f"no train/test split within tolerance "
                     f"after {max_tries} tries",
                     "raise split.max_tries or loosen split.mean_tolerance / split.std_tolerance")


def fold_spread(y, folds):
    """Largest difference between fold mean targets, relative to the overall mean."""
    means = [np.mean(y[folds == k]) for k in np.unique(folds)]
    return float((max(means) - min(means)) / np.mean(y))


def stratified_folds(y, n_folds, tolerance, max_tries, seed):
    """Fold ids 0..n_folds-1 of equal size whose mean targets differ by < tolerance x mean(y).

    Rows are sorted by target (largest first) and dealt in blocks of n_folds; within a block the
    largest row goes to the fold with the smallest running sum. The first block is dealt at
    random, so the seed chooses among balanced assignments; redrawn until the paper's rule holds.
    """
    y = np.asarray(y, dtype=float)
    rng = generator(seed, "folds")
    order = np.argsort(-y, kind="stable")
    best = np.inf
    for _ in range(max_tries):
        folds = np.empty(len(y), dtype=np.int64)
        sums = np.zeros(n_folds)
        for start in range(0, len(y), n_folds):
            block = order[start:start + n_folds]
            if start == 0:
                targets = rng.permutation(n_folds)
            else:
                targets = np.argsort(sums + rng.uniform(0, 1e-9, n_folds), kind="stable")
            targets = targets[: len(block)]
            folds[block] = targets
            sums[targets] += y[block]
        spread = fold_spread(y, folds)
        if spread < tolerance:
            return folds
        best = min(best, spread)
    raise InputError("config split", f"{len(y)} training rows",
                     f"no stratified {n_folds}-fold assignment within {tolerance:.0%} after "
                     f"{max_tries} tries (closest: {best:.1%})",
                     f"raise split.fold_tolerance above {best:.1%}, or use fewer split.folds")
