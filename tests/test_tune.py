import numpy as np
import pandas as pd
import pytest

from barrierml.split import stratified_folds
from barrierml.tune.grid import choose, tune
from barrierml.tune.registry import ALGORITHMS, make_model


def test_eighteen_algorithms_in_the_papers_families():
    families = [family for family, _ in ALGORITHMS.values()]
    assert len(ALGORITHMS) == 18
    assert (families.count("linear"), families.count("svr"), families.count("tree")) == (9, 3, 6)


@pytest.mark.slow  # 18 grid searches
def test_every_algorithm_fits_and_is_seeded(catalogue_columns):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(60, 4)), rng.normal(250, 100, 60)
    for name in ALGORITHMS:
        a = make_model(name, {}, 7, "vacancy").fit(X, y).predict(X)
        b = make_model(name, {}, 7, "vacancy").fit(X, y).predict(X)
        assert np.array_equal(a, b), name
        assert np.isfinite(a).all()


def test_grid_search_picks_the_better_candidate():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(120, 3))
    y = 200 + 50 * X[:, 0] + rng.normal(0, 5, 120)
    folds = stratified_folds(y[:100], 5, 0.1, 100, 0)
    result = tune("ridge", {"alpha": [0.01, 1e5]}, X[:100], y[:100], folds, 0, "vacancy")
    assert result["params"] == {"alpha": 0.01}
    assert result["cv_rmse"] < 10 and result["candidates"] == 2


@pytest.mark.parametrize("rule,expected", [("sum_test_rmse", "b"), ("sum_cv_rmse", "a")])
def test_choice_sums_over_mechanisms(rule, expected):
    results = pd.DataFrame({
        "algorithm": ["a", "a", "b", "b"], "mechanism": ["v", "i", "v", "i"],
        "test_rmse": [80, 60, 90, 45], "cv_rmse": [70, 50, 90, 45]})
    chosen, totals = choose(results, rule)
    assert chosen == expected and totals.index[0] == expected


GRIDS = {"ridge": {"alpha": [0.01, 1000.0]}, "decision_tree": {"max_depth": [2, 8]}}


def _nested_files(folder, leak):
    """A table of 24 compounds with a linear barrier, split in two repeats (repeat 0 tests
    compounds 18-23, repeat 1 compounds 0-5, five grouped folds inside training). With `leak`,
    a strong step signal in x1, x2 is put into repeat 0's test compounds only."""
    rng = np.random.default_rng(3)
    compounds = np.repeat(np.arange(24), 10)
    X = rng.normal(size=(240, 3))
    y = 300 + 40 * X[:, 0] + rng.normal(0, 5, 240)
    if leak:
        hidden = compounds >= 18
        y[hidden] = 300 + 600 * ((X[hidden, 1] > 0) & (X[hidden, 2] > 0))
    table = pd.DataFrame({"row": np.arange(240), "compound": [f"c{c}" for c in compounds],
                          "barrier": y, "x0": X[:, 0], "x1": X[:, 1], "x2": X[:, 2]})
    split = []
    for repeat, test in enumerate((compounds >= 18, compounds < 6)):
        for row in range(240):
            split.append({"repeat": repeat, "row": row, "set": "test" if test[row] else "train",
                          "fold": -1 if test[row] else compounds[row] % 5})
    paths = folder / "table.csv", folder / "split.csv", folder / "retained.txt"
    table.to_csv(paths[0], index=False)
    pd.DataFrame(split).to_csv(paths[1], index=False)
    paths[2].write_text("x0\nx1\nx2\n")
    return paths


def test_nested_tuning_never_sees_a_repeats_test_compounds(tmp_path):
    from barrierml.tune.nested import replicate_choice

    choices = {}
    for leak in (False, True):
        folder = tmp_path / str(leak)
        folder.mkdir()
        files = _nested_files(folder, leak)
        choices[leak] = [replicate_choice(*files, GRIDS, "vacancy", f"split{k}_seed0", 2, 0)[0]
                         for k in (0, 1)]
    clean, leaked = choices[False], choices[True]
    assert clean[0]["algorithm"] == "ridge" and clean[0]["params"]["vacancy"] == {"alpha": 0.01}
    # the signal sits in repeat 0's test compounds: its choice is the one without the signal
    assert leaked[0] == clean[0]
    # ... and the same signal in a repeat's training compounds changes what is tuned there
    assert (leaked[1]["algorithm"], leaked[1]["params"]) != (clean[1]["algorithm"],
                                                             clean[1]["params"])
    assert clean[0]["train_rows"] == 180
