"""Interpretation of the optimal model: MDI importance and centered ICE curves (pdpbox)."""

import numpy as np
import pandas as pd
from sklearn.inspection import partial_dependence, permutation_importance


def importance(model, features, X, y, seed):
    """Relative importance summing to 1: MDI for tree models (paper Fig. 7).

    A model without impurity (linear, SVR) gets permutation importance on (X, y) instead; the
    `method` column says which.
    """
    if hasattr(model, "feature_importances_"):
        values, method = np.asarray(model.feature_importances_, dtype=float), "MDI"
    else:
        result = permutation_importance(model, X, y, n_repeats=20, random_state=seed)
        values, method = np.clip(result.importances_mean, 0, None), "permutation"
    total = values.sum()
    values = values / total if total > 0 else np.full(len(values), 1 / len(values))
    return pd.DataFrame({"feature": features, "importance": values, "method": method}).sort_values(
        "importance", ascending=False, ignore_index=True)


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
