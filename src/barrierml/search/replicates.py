"""Replicates of the subset selection: real ones (an outer split × a model seed) and null ones
(the same selection on barriers permuted across compounds).

A replicate id names everything it changes: 'split2_seed0' is outer split 2 with model seed 0,
'null1' is the second permutation. split0_seed0 is the primary replicate: its model streams are
the seed's own, so with one split, one seed and no permutations the search is the paper's.
"""

import re

import numpy as np

from barrierml.rng import generator

PATTERN = r"split\d+_seed\d+|null\d+"
PRIMARY = "split0_seed0"


def replicate_ids(repeats, permutations):
    """Real replicate ids (splits × seeds), then the null ones."""
    real = [f"split{k}_seed{s}" for k in range(repeats["splits"]) for s in range(repeats["seeds"])]
    return real, [f"null{j}" for j in range(permutations)]


def is_null(replicate):
    """Whether a replicate id names a null (permuted-barrier) search."""
    return replicate.startswith("null")


def parse(replicate, splits):
    """{'null': bool, 'split': outer split index, 'stream': extra keys of the model's seeds}."""
    real = re.fullmatch(r"split(\d+)_seed(\d+)", replicate)
    if real:
        k, s = int(real.group(1)), int(real.group(2))
        return {"null": False, "split": k, "stream": () if s == 0 else ("seed", s)}
    j = int(re.fullmatch(r"null(\d+)", replicate).group(1))
    return {"null": True, "split": j % splits, "stream": ("null", j), "permutation": j}


def permuted_barriers(compounds, y, seed, j):
    """Barriers permuted across compounds, keeping each compound's row count.

    The compounds' barrier blocks are concatenated in a random compound order and dealt back to
    the rows in their own compound order, so every compound receives the barriers of one or a few
    other compounds: the link between descriptors and barriers is broken, the clustering of
    barriers within a compound is (mostly) kept.
    """
    compounds, y = np.asarray(compounds), np.asarray(y, dtype=float)
    labels = np.unique(compounds)
    shuffled = generator(seed, "null", j).permutation(labels)
    source = np.concatenate([np.flatnonzero(compounds == c) for c in shuffled])
    target = np.concatenate([np.flatnonzero(compounds == c) for c in labels])
    out = np.empty_like(y)
    out[target] = y[source]
    return out


def replicate_barriers(table, replicate, splits, seed):
    """The barriers a replicate learns, in table order: the table's, or a null's permutation."""
    info = parse(replicate, splits)
    y = table["barrier"].to_numpy(dtype=float)
    return permuted_barriers(table["compound"], y, seed, info["permutation"]) if info["null"] \
        else y


def replicate_matrices(table_path, split_path, features, replicate, splits, seed,
                       with_folds=True):
    """The train/test/fold matrices a replicate searches on (permuted barriers for a null)."""
    from barrierml.io import matrices, read_frame

    barriers = None
    if is_null(replicate):
        barriers = replicate_barriers(read_frame(table_path), replicate, splits, seed)
    return matrices(table_path, split_path, features, with_folds,
                    parse(replicate, splits)["split"], barriers)


def replicate_search(table, split, retained, choice, mechanism, replicate, splits, seed,
                     with_folds):
    """What a search job of one replicate works on: the retained descriptors, the chosen model
    with the replicate's random streams, and the replicate's matrices."""
    from barrierml.io import read_json, read_lines
    from barrierml.search.model import chosen_model

    features = read_lines(retained)
    model = chosen_model(read_json(choice), mechanism, seed, parse(replicate, splits)["stream"])
    data = replicate_matrices(table, split, features, replicate, splits, seed, with_folds)
    return features, model, data
