"""Small readers and writers for the files stages pass to each other."""

import contextlib
import json
import logging
import sys
from pathlib import Path

import pandas as pd


def write_lines(path, items):
    Path(path).write_text("".join(f"{i}\n" for i in items))


def read_lines(path):
    return [line.strip() for line in Path(path).read_text().splitlines() if line.strip()]


def write_json(path, obj):
    Path(path).write_text(json.dumps(obj, indent=2, sort_keys=True) + "\n")


def read_json(path):
    return json.loads(Path(path).read_text())


def read_frame(path):
    """A validated per-mechanism table (index: the input table's row number)."""
    return pd.read_csv(path, index_col="row")


def primary_training_rows(split):
    """Table rows of the primary split's training set (repeat 0), where the filter looks."""
    return split.loc[(split["repeat"] == 0) & (split["set"] == "train"), "row"].to_numpy()


def matrices(table_path, split_path, features, with_folds=True, repeat=0, barriers=None):
    """X/y arrays for train and test of one repeat of the split file, for a feature list.

    `barriers` (one per table row, in table order) replace the table's barriers: the null
    replicates' permuted ones.
    """
    table, split = read_frame(table_path), pd.read_csv(split_path)
    if barriers is not None:
        table = table.assign(barrier=barriers)
    split = split[split["repeat"] == repeat]
    train = split[split["set"] == "train"]
    test = split[split["set"] == "test"]
    out = {
        "X_train": table.loc[train["row"], features].to_numpy(dtype=float),
        "y_train": table.loc[train["row"], "barrier"].to_numpy(dtype=float),
        "X_test": table.loc[test["row"], features].to_numpy(dtype=float),
        "y_test": table.loc[test["row"], "barrier"].to_numpy(dtype=float),
    }
    out["folds"] = train["fold"].to_numpy() if with_folds else None
    return out


@contextlib.contextmanager
def logged(log_path):
    """Send logging, stdout and stderr of a workflow script to its log file."""
    with open(log_path, "w") as handle, contextlib.redirect_stdout(handle), \
            contextlib.redirect_stderr(handle):
        logging.basicConfig(stream=handle, level=logging.INFO, force=True,
                            format="%(asctime)s %(message)s")
        log = logging.getLogger("barrierml")
        try:
            yield log
        except Exception:
            log.exception("failed")
            raise
        finally:
            handle.flush()
            sys.stdout.flush()
