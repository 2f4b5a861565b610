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
    result = tune("ridge", {"alpha": [0.01, 1e5]}, X[:100], y[:100], X[100:], y[100:], folds,
                  0, "vacancy")
    assert result["params"] == {"alpha": 0.01}
    assert result["test_rmse"] < 10 and result["cv_rmse"] < 10 and result["candidates"] == 2


@pytest.mark.parametrize("rule,expected", [("sum_test_rmse", "b"), ("sum_cv_rmse", "a")])
def test_choice_sums_over_mechanisms(rule, expected):
    results = pd.DataFrame({
        "algorithm": ["a", "a", "b", "b"], "mechanism": ["v", "i", "v", "i"],
        "test_rmse": [80, 60, 90, 45], "cv_rmse": [70, 50, 90, 45]})
    chosen, totals = choose(results, rule)
    assert chosen == expected and totals.index[0] == expected
