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


def _held_out(seed=1):
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(rng.normal(size=(60, 3)), columns=["CCD", "PW", "noise"])
    return X, 250 + 80 * X["CCD"] - 50 * np.tanh(X["PW"]) + rng.normal(0, 5, 60)


@pytest.mark.slow  # SHAP and permutation importance
def test_three_methods_rank_the_informative_features_first(fitted):
    model, X, _ = fitted
    X_test, y_test = _held_out()
    table, explainer = importance(model, list(X.columns), X.iloc[:40], X_test, y_test, 0)
    assert explainer == "PermutationExplainer"  # shap's TreeExplainer has no AdaBoost
    for method in ("MDI", "permutation", "SHAP"):
        assert table[method].sum() == pytest.approx(1.0), method
        ranked = table.sort_values(method, ascending=False)["feature"].tolist()
        assert ranked[0] == "CCD" and ranked[-1] == "noise", method


@pytest.mark.slow  # SHAP for two models
def test_tree_models_get_exact_tree_shap_and_linear_models_no_mdi(fitted):
    from barrierml.interpret import shap_values

    _, X, y = fitted
    tree = make_model("gradient_boosting", {"n_estimators": 20}, 0).fit(X, y)
    values, explainer = shap_values(tree, X)
    assert explainer == "TreeExplainer"
    # SHAP values add up to the prediction minus the mean prediction, row by row
    np.testing.assert_allclose(values.sum(axis=1) + tree.predict(X).mean(), tree.predict(X),
                               atol=1e-6)
    ridge = make_model("ridge", {"alpha": 1.0}, 0).fit(X, y)
    X_test, y_test = _held_out()
    table, _ = importance(ridge, list(X.columns), X, X_test, y_test, 0)
    assert "MDI" not in table and table["feature"].iloc[0] == "CCD"


def test_two_feature_partial_dependence_follows_the_planted_shape(fitted):
    from barrierml.interpret import pdp_2d

    model, X, _ = fitted
    gx, gy, values = pdp_2d(model, X, ["CCD", "PW"], 6)
    assert values.shape == (len(gx), len(gy))
    assert values[-1].mean() - values[0].mean() > 100  # rises with CCD (80 per σ)
    assert values[:, 0].mean() > values[:, -1].mean()  # falls with PW
