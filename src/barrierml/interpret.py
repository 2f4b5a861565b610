"""Interpretation of the final model: importance (MDI, permutation, SHAP), centered ICE curves
(pdpbox) and a two-feature partial dependence."""

import numpy as np
import pandas as pd
from sklearn.inspection import partial_dependence, permutation_importance


def importance(model, features, X_train, X_test, y_test, seed):
    """Relative importance by three methods, each summing to 1 (paper Fig. 7 and beyond).

    MDI: the tree model's impurity decrease on the training rows (absent for a model without
    impurity). permutation: the mean rise in held-out squared error when a descriptor is
    shuffled, on the test rows (whole unseen compounds under the grouped split; negatives count
    0). SHAP: mean |SHAP value| on the training rows (see shap_values). Returns the table, best
    first by the first method present, and the SHAP explainer's name.
    """
    out = pd.DataFrame({"feature": features})
    if hasattr(model, "feature_importances_"):
        out["MDI"] = _share(model.feature_importances_)
    perm = permutation_importance(model, X_test, y_test, n_repeats=20, random_state=seed,
                                  scoring="neg_mean_squared_error")
    out["permutation"] = _share(np.clip(perm.importances_mean, 0, None))
    values, explainer = shap_values(model, X_train, seed)
    out["SHAP"] = _share(np.abs(values).mean(axis=0))
    first = "MDI" if "MDI" in out else "SHAP"
    return out.sort_values(first, ascending=False, ignore_index=True), explainer


def _share(values):
    values = np.asarray(values, dtype=float)
    total = values.sum()
    return values / total if total > 0 else np.full(len(values), 1 / len(values))


SHAP_ROWS = 100  # the model-agnostic explainer explains at most this many rows (seeded pick)


def shap_values(model, X, seed=0):
    """SHAP values: shap's exact TreeExplainer on every row of X for the tree models it
    supports; else its model-agnostic PermutationExplainer (AdaBoost, linear, SVR) on at most
    SHAP_ROWS rows of X, with X as the background."""
    import shap

    try:
        return np.asarray(shap.TreeExplainer(model).shap_values(X)), "TreeExplainer"
    except shap.utils._exceptions.InvalidModelError:
        rows = np.sort(np.random.default_rng(seed).permutation(len(X))[:SHAP_ROWS])
        explainer = shap.PermutationExplainer(model.predict, X, seed=seed)
        return explainer(X.iloc[rows], silent=True).values, "PermutationExplainer"


def pdp_2d(model, X, pair, grid_points):
    """Average prediction over a grid of two features (scikit-learn's partial dependence)."""
    pair = tuple(int(X.columns.get_loc(f)) for f in pair)
    result = partial_dependence(model, X, [pair], kind="average",
                                grid_resolution=grid_points)
    return result["grid_values"][0], result["grid_values"][1], result["average"][0]


def ice_pdpbox(model, X, feature, grid_points, grid_type):
    """pdpbox's isolated PDP object for one feature (X is copied: pdpbox mutates its frame)."""
    import warnings

    filters = warnings.filters[:]
    from pdpbox import pdp  # its import silences all warnings process-wide: restore them after

    warnings.filters[:] = filters
    return pdp.PDPIsolate(model=model, df=X.copy(), model_features=list(X.columns),
                          feature=feature, feature_name=feature, n_classes=0,
                          num_grid_points=grid_points, grid_type=grid_type)


def centered_ice(isolate):
    """Grid and centered ICE curves (rows = training rows): 0 at the first grid point."""
    result = isolate.results[0]
    ice = result.ice_lines.to_numpy(dtype=float)
    return np.asarray(isolate.feature_info.grids, dtype=float), ice - ice[:, :1]


def centered_ice_sklearn(model, X, feature, grid):
    """scikit-learn's individual conditional expectation on the same grid, centered likewise."""
    result = partial_dependence(model, X, [feature], kind="individual",
                                custom_values={feature: grid})
    ice = result["individual"][0]
    return ice - ice[:, :1]
