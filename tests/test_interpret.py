import numpy as np
import pandas as pd
import pytest

from barrierml.interpret import centered_ice, centered_ice_sklearn, ice_pdpbox, importance
from barrierml.tune.registry import make_model


@pytest.fixture(scope="module")
def fitted():
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(150, 3)), columns=["CCD", "PW", "noise"])
    y = 250 + 80 * X["CCD"] - 50 * np.tanh(X["PW"]) + rng.normal(0, 5, 150)
    model = make_model("adaboost_extra_trees", {"n_estimators": 5,
                                                "estimator__n_estimators": 5}, 3, "vacancy")
    return model.fit(X, y), X, y


@pytest.mark.parametrize("grid_type", ["equal", "percentile"])
def test_pdpbox_centered_ice_equals_sklearn(fitted, grid_type):
    model, X, _ = fitted
    before = X.copy()
    isolate = ice_pdpbox(model, X, "CCD", 12, grid_type)
    pd.testing.assert_frame_equal(X, before)  # pdpbox got a copy
    grid, curves = centered_ice(isolate)
    assert curves.shape == (len(X), len(grid))
    assert grid[0] == X["CCD"].min() and np.all(curves[:, 0] == 0)
    reference = centered_ice_sklearn(model, X, "CCD", grid)
    np.testing.assert_allclose(curves, reference, rtol=0, atol=1e-9)
    assert curves[:, -1].mean() > 50  # the barrier rises with CCD, as planted


def test_pdpbox_import_leaves_warnings_alone(fitted):
    import warnings

    model, X, _ = fitted
    before = warnings.filters[:]
    ice_pdpbox(model, X, "PW", 5, "equal")
    assert warnings.filters == before


def test_mdi_ranks_the_informative_feature_first(fitted):
    model, X, y = fitted
    table = importance(model, list(X.columns), X.to_numpy(), y, 0)
    assert table["method"].eq("MDI").all()
    assert table["importance"].sum() == pytest.approx(1.0)
    assert table["feature"].iloc[0] == "CCD" and table["feature"].iloc[-1] == "noise"


def test_models_without_mdi_get_permutation_importance(fitted):
    _, X, y = fitted
    model = make_model("ridge", {"alpha": 1.0}, 0).fit(X.to_numpy(), y)
    table = importance(model, list(X.columns), X.to_numpy(), y, 0)
    assert table["method"].eq("permutation").all() and table["feature"].iloc[0] == "CCD"
