"""scikit-learn hyperparameters of the engine's models -> the kernels' arguments."""

LOSSES = {"linear": 0, "square": 1, "exponential": 2}
_ERT = {"n_estimators": 100, "max_features": 1.0, "min_samples_leaf": 1, "max_depth": None}
_CART = {"max_features": None, "min_samples_leaf": 1, "max_depth": None}
# algorithm -> (ensemble defaults, tree defaults, best splitter); with ensemble defaults, tree
# parameters come as estimator__*; scikit-learn's defaults throughout.
_SPECS = {
    "extra_trees": ({}, _ERT, False),
    "adaboost_extra_trees": ({"n_estimators": 50, "learning_rate": 1.0, "loss": "linear"}, _ERT,
                             False),
    "random_forest": ({}, {**_ERT, "bootstrap": True, "max_samples": None}, True),
    "bagging": ({"n_estimators": 10, "max_samples": 1.0}, _CART, True),
    "decision_tree": ({}, _CART, True),
    "gradient_boosting": ({}, {"n_estimators": 100, "learning_rate": 0.1, "max_depth": 3,
                               "min_samples_leaf": 1, "max_features": None, "subsample": 1.0},
                          True),
}
ENGINE_ALGORITHMS = tuple(_SPECS)


def engine_settings(name, params):
    """scikit-learn hyperparameters of `name` -> the kernel's arguments; errors name what is missing."""
    if name not in _SPECS:
        raise ValueError(f"the engine runs {', '.join(ENGINE_ALGORITHMS)} (and linear, ridge in "
                         f"closed form), not '{name}': "
                         "set search.backend: sklearn")
    ensemble, tree, best = (dict(d) if isinstance(d, dict) else d for d in _SPECS[name])
    for key, value in params.items():
        target, own = (tree, key.removeprefix("estimator__")) if (
            not ensemble or key.startswith("estimator__")) else (ensemble, key)
        if own not in target:
            raise ValueError(f"the engine has no '{key}' for {name}: set search.backend: sklearn")
        target[own] = value
    mf = tree["max_features"]
    if mf is None or isinstance(mf, float):
        fraction, count = (1.0 if mf is None else float(mf)), 0
    elif isinstance(mf, int):
        fraction, count = 0.0, mf
    else:
        raise ValueError(f"the engine takes max_features as a number, not {mf!r}")
    if name == "random_forest":
        draws = 0.0 if not tree["bootstrap"] else float(tree["max_samples"] or 1.0)
    else:
        draws = float(ensemble.get("max_samples", 0.0))
    gradient = name == "gradient_boosting"
    if gradient and tree["subsample"] != 1.0:
        raise ValueError("the engine runs gradient_boosting with subsample 1.0 only: "
                         "set search.backend: sklearn")
    stages = ensemble if name == "adaboost_extra_trees" else tree if gradient else {}
    return {"n_boost": int(stages.get("n_estimators", 0)),
            "learning_rate": float(stages.get("learning_rate", 1.0)),
            "loss": LOSSES[ensemble.get("loss", "linear")],
            "n_trees": 1 if gradient else int(tree.get("n_estimators",
                                                        ensemble.get("n_estimators", 1))),
            "mf_fraction": fraction, "mf_count": count,
            "min_leaf": int(tree["min_samples_leaf"]), "max_depth": int(tree["max_depth"] or 0),
            "best_splits": best, "draw_fraction": draws, "gradient": gradient}
