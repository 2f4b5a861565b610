"""Nested tuning: each repeat chooses its model and hyperparameters inside its own training
compounds (the grid search's CV runs on the repeat's grouped folds), so no repeat's test
compounds touch a choice made for it. The paper's single tuning is `tune.nested: false`."""

from barrierml.tune.grid import tune


def choose_inside(algorithms, X_train, y_train, folds, seed, mechanism, replicate):
    """(choice, candidates) of one replicate from its training rows alone: every algorithm of
    `algorithms` (name -> grid) tuned by grid search over `folds`, the lowest CV RMSE chosen
    (the first in `algorithms` on a tie). Random streams are the replicate's own. The choice
    holds only what decides the search, so an unchanged choice is an unchanged file."""
    rows = [tune(name, grid, X_train, y_train, folds, seed, mechanism, keys=("nested", replicate))
            for name, grid in algorithms.items()]
    best = min(rows, key=lambda row: row["cv_rmse"])
    choice = {"algorithm": best["algorithm"], "rule": "nested_cv_rmse",
              "params": {mechanism: best["params"]}, "replicate": replicate,
              "train_rows": len(y_train)}
    return choice, [{k: row[k] for k in ("algorithm", "params", "cv_rmse")} for row in rows]


def replicate_choice(table, split, retained, algorithms, mechanism, replicate, splits, seed):
    """`choose_inside` on the training rows and folds of one replicate (a null's permuted
    barriers for a null replicate), read from the per-mechanism table and split files."""
    from barrierml.io import read_lines
    from barrierml.search.replicates import replicate_matrices

    data = replicate_matrices(table, split, read_lines(retained), replicate, splits, seed)
    return choose_inside(algorithms, data["X_train"], data["y_train"], data["folds"], seed,
                         mechanism, replicate)
