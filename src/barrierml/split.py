"""Train/test splits with matching barrier statistics and stratified CV folds: the paper's
path-level version, and a grouped version that keeps all paths of a compound on one side."""

import numpy as np
import pandas as pd

from barrierml.errors import InputError
from barrierml.rng import generator

GROUP_FIX = "or set split.group_by: null for the paper's path-level split"


def stats(y):
    """Mean and sample standard deviation (meV)."""
    return float(np.mean(y)), float(np.std(y, ddof=1))


def check_sizes(n_rows, split, source, where, n_groups=None):
    """Stop unless the rows (or groups) leave a test set and enough training data for the folds."""
    n_test = round(split["test_fraction"] * n_rows)
    n_train = n_rows - n_test
    if n_test < 1 or n_train < 2 * split["folds"]:
        most = n_train // 2
        raise InputError(source, where, f"{n_rows} rows leave {n_test} test and {n_train} training "
                         f"rows, too few for {split['folds']}-fold CV (2 rows a fold at least)",
                         "add rows" + (f", or set split.folds to at most {most}" if most >= 2 else "")
                         + (", or raise split.test_fraction" if n_test < 1 else ""))
    if n_groups is not None and n_groups < split["folds"] + 2:
        raise InputError(source, where, f"{n_groups} compounds are too few for a test set of whole "
                         f"compounds and {split['folds']}-fold grouped CV",
                         f"set split.folds to at most {max(n_groups - 2, 2)}, {GROUP_FIX}")


def balanced_split(y, test_fraction, mean_tolerance, std_tolerance, max_tries, seed, groups=None,
                   keys=()):
    """Random train/test split, redrawn until test mean and std agree with train within tolerance.

    With `groups`, whole groups go to the test set (groups drawn in random order until the test
    rows reach test_fraction); without, each row is its own group (the paper's split). Tolerances
    are relative to the training values. Returns (train, test, record): sorted positions into y
    and the try count and statistics. `keys` name a further split of the same seed.
    """
    y = np.asarray(y, dtype=float)
    labels, codes = np.unique(np.arange(len(y)) if groups is None else np.asarray(groups),
                              return_inverse=True)
    sizes = np.bincount(codes)
    n_test = round(test_fraction * len(y))
    rng = generator(seed, "split", *keys)
    closest = (np.inf, np.inf)
    for attempt in range(1, max_tries + 1):
        order = rng.permutation(len(labels))
        take = min(int(np.searchsorted(np.cumsum(sizes[order]), n_test)) + 1, len(labels) - 1)
        is_test = np.isin(codes, order[:take])
        test, train = np.flatnonzero(is_test), np.flatnonzero(~is_test)
        (m_tr, s_tr), (m_te, s_te) = stats(y[train]), stats(y[test])
        off = (_relative(m_te, m_tr), _relative(s_te, s_tr))
        if off[0] <= mean_tolerance and off[1] <= std_tolerance:
            record = {"seed": seed, "tries": attempt, "n_train": len(train), "n_test": len(test),
                      "train_mean": m_tr, "train_std": s_tr, "test_mean": m_te, "test_std": s_te}
            if groups is not None:
                record["test_groups"] = sorted(str(g) for g in labels[order[:take]])
            return train, test, record
        closest = min(closest, off, key=lambda o: max(o[0] / max(mean_tolerance, 1e-12),
                                                      o[1] / max(std_tolerance, 1e-12)))
    what = f"{len(y)} rows" if groups is None else f"{len(y)} rows in {len(labels)} compounds"
    fix = "raise split.max_tries or loosen split.mean_tolerance / split.std_tolerance"
    raise InputError("config split", what, f"no train/test split within tolerance after "
                     f"{max_tries} tries (closest: mean {closest[0]:.1%}, std {closest[1]:.1%} "
                     "off)" + ("" if groups is None else "; whole compounds move in steps"),
                     fix if groups is None else f"{fix}, {GROUP_FIX}")


def _relative(value, reference):
    """|value - reference| / reference; inf when undefined (a zero or NaN reference)."""
    gap = abs(value - reference) / reference if reference > 0 else np.inf
    return gap if np.isfinite(gap) else np.inf


def fold_spread(y, folds):
    """Largest difference between fold mean targets, relative to the overall mean."""
    means = [np.mean(y[folds == k]) for k in np.unique(folds)]
    return float((max(means) - min(means)) / np.mean(y))


def stratified_folds(y, n_folds, tolerance, max_tries, seed, groups=None, keys=()):
    """Fold ids 0..n_folds-1 whose mean targets differ by < tolerance x mean(y).

    Without groups (the paper): rows are sorted by target (largest first) and dealt in blocks of
    n_folds; within a block the largest row goes to the fold with the smallest running sum. The
    first block is dealt at random, so the seed chooses among balanced assignments; redrawn
    until the paper's rule holds. With groups, see grouped_folds.
    """
    if groups is not None:
        return grouped_folds(y, groups, n_folds, tolerance, max_tries, seed, keys)
    y = np.asarray(y, dtype=float)
    rng = generator(seed, "folds", *keys)
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
    _no_folds(len(y), n_folds, tolerance, max_tries, best, "training rows", "")


def _no_folds(n, n_folds, tolerance, tries, best, what, extra):
    raise InputError("config split", f"{n} {what}",
                     f"no stratified {n_folds}-fold assignment within {tolerance:.0%} after "
                     f"{tries} tries (closest: {best:.1%})",
                     f"raise split.fold_tolerance above {best:.1%}, or use fewer split.folds"
                     + extra)


GROUPED_RESTARTS = 200  # grouped folds: random restarts at most, each refined by swaps


def grouped_folds(y, groups, n_folds, tolerance, max_tries, seed, keys=()):
    """Fold ids keeping each group in one fold, fold mean targets within tolerance x mean(y).

    Groups sorted by mean target are dealt in blocks of n_folds (the first block at random), each
    to the fold with the fewest rows so far; then pairs of groups in different folds are swapped
    while a swap narrows the spread of fold means. Restarted from a new random deal at most
    min(max_tries, GROUPED_RESTARTS) times.
    """
    y = np.asarray(y, dtype=float)
    labels, codes = np.unique(np.asarray(groups), return_inverse=True)
    if len(labels) < n_folds:
        raise InputError("config split", f"{len(labels)} training compounds",
                         f"fewer compounds than the {n_folds} grouped CV folds",
                         f"set split.folds to at most {len(labels)}, {GROUP_FIX}")
    sizes = np.bincount(codes).astype(float)
    sums = np.bincount(codes, weights=y)
    order = np.argsort(-sums / sizes, kind="stable")
    rng = generator(seed, "folds", *keys)
    best = np.inf
    tries = min(max_tries, GROUPED_RESTARTS)
    for _ in range(tries):
        of = np.empty(len(labels), dtype=np.int64)
        count = np.zeros(n_folds)
        for start in range(0, len(labels), n_folds):
            block = order[start:start + n_folds]
            targets = rng.permutation(n_folds) if start == 0 else np.argsort(
                count + rng.uniform(0, 1e-6, n_folds), kind="stable")
            of[block] = targets[: len(block)]
            count[of[block]] += sizes[block]
        spread = _swap_down(of, sizes, sums, n_folds)
        if spread < tolerance * y.mean():
            return of[codes]
        best = min(best, spread / y.mean())
    _no_folds(len(labels), n_folds, tolerance, tries, best, "training compounds",
              f", {GROUP_FIX}")


def _swap_down(of, sizes, sums, n_folds):
    """Swap groups between folds while the spread of fold means narrows; return the spread."""
    def spread(assign):
        means = np.bincount(assign, sums, n_folds) / np.bincount(assign, sizes, n_folds)
        return means.max() - means.min()

    current = spread(of)
    improved = True
    while improved:
        improved = False
        for a in range(len(of)):
            for b in range(a + 1, len(of)):
                if of[a] == of[b]:
                    continue
                of[a], of[b] = of[b], of[a]
                trial = spread(of)
                if trial < current - 1e-12:
                    current, improved = trial, True
                else:
                    of[a], of[b] = of[b], of[a]
    return current


def repeated_splits(table, split, seed, repeats):
    """The split file of a validated table: rows × repeats with set (train/test) and fold.

    Repeat 0 uses the seed's own streams (so one repeat is the paper's split); repeat k > 0 the
    streams named by k. Groups are table[split['group_by']] when set.
    """
    y = table["barrier"].to_numpy(dtype=float)
    by = split.get("group_by")
    groups = None if by is None else table[by].astype(str).to_numpy()
    frames, records = [], []
    for k in range(repeats):
        keys = () if k == 0 else ("repeat", k)
        train, test, record = balanced_split(y, split["test_fraction"], split["mean_tolerance"],
                                             split["std_tolerance"], split["max_tries"], seed,
                                             groups, keys)
        folds = stratified_folds(y[train], split["folds"], split["fold_tolerance"],
                                 split["max_tries"], seed,
                                 None if groups is None else groups[train], keys)
        record.update(repeat=k, kind="new compound" if by else "new path",
                      fold_spread=fold_spread(y[train], folds))
        records.append(record)
        frames += [pd.DataFrame({"row": table.index[train], "repeat": k, "set": "train",
                                 "fold": folds}),
                   pd.DataFrame({"row": table.index[test], "repeat": k, "set": "test",
                                 "fold": -1})]
    return pd.concat(frames).sort_values(["repeat", "row"], kind="stable"), records
