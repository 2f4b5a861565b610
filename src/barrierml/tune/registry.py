"""The 18 regressors of the paper: 9 linear, 3 SVR, 6 tree-based, by name."""

from sklearn.compose import TransformedTargetRegressor
from sklearn.ensemble import (
    AdaBoostRegressor,
    BaggingRegressor,
    ExtraTreesRegressor,
    GradientBoostingRegressor,
    RandomForestRegressor,
)
from sklearn.linear_model import (
    BayesianRidge,
    ElasticNet,
    HuberRegressor,
    Lars,
    Lasso,
    LinearRegression,
    Ridge,
    SGDRegressor,
)
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVR
from sklearn.tree import DecisionTreeRegressor

from barrierml.rng import derive

# name -> (family, estimator factory). Linear and SVR models see standardised X and y.
ALGORITHMS = {
    "linear": ("linear", lambda: LinearRegression()),
    "ridge": ("linear", lambda: Ridge()),
    "lasso": ("linear", lambda: Lasso(max_iter=100_000)),
    "elastic_net": ("linear", lambda: ElasticNet(max_iter=100_000)),
    "lars": ("linear", lambda: Lars()),
    "bayesian_ridge": ("linear", lambda: BayesianRidge()),
    "huber": ("linear", lambda: HuberRegressor(max_iter=10_000)),
    "sgd": ("linear", lambda: SGDRegressor(max_iter=10_000, tol=1e-6)),
    # scikit-learn 1.8 deprecated PassiveAggressiveRegressor for exactly this SGD configuration.
    "passive_aggressive": ("linear", lambda: SGDRegressor(
        loss="epsilon_insensitive", penalty=None, learning_rate="pa1", eta0=1.0,
        max_iter=10_000, tol=1e-6)),
    "svr_linear": ("svr", lambda: SVR(kernel="linear")),
    "svr_poly": ("svr", lambda: SVR(kernel="poly")),
    "svr_rbf": ("svr", lambda: SVR(kernel="rbf")),
    "decision_tree": ("tree", lambda: DecisionTreeRegressor()),
    "bagging": ("tree", lambda: BaggingRegressor(DecisionTreeRegressor())),
    "random_forest": ("tree", lambda: RandomForestRegressor()),
    "extra_trees": ("tree", lambda: ExtraTreesRegressor()),
    "adaboost_extra_trees": ("tree", lambda: AdaBoostRegressor(ExtraTreesRegressor())),
    "gradient_boosting": ("tree", lambda: GradientBoostingRegressor()),
}
LABELS = {
    "linear": "linear", "ridge": "ridge", "lasso": "lasso", "elastic_net": "elastic net",
    "lars": "LARS", "bayesian_ridge": "Bayesian ridge", "huber": "Huber", "sgd": "SGD",
    "passive_aggressive": "PAR", "svr_linear": "SVR (linear)", "svr_poly": "SVR (poly)",
    "svr_rbf": "SVR (RBF)", "decision_tree": "DTR", "bagging": "bagging", "random_forest": "RFR",
    "extra_trees": "ERTR", "adaboost_extra_trees": "adaboost + ERTR", "gradient_boosting": "GBRT",
}
PREFIX = "regressor__model__"


def _known(name):
    if name not in ALGORITHMS:
        raise ValueError(f"unknown algorithm '{name}': choose from {', '.join(ALGORITHMS)}")
    return ALGORITHMS[name]


def make_model(name, params=None, seed=0, *keys):
    """A fresh estimator for `name` with `params` (the estimator's own names) and derived seeds."""
    family, factory = _known(name)
    model = factory()
    if family != "tree":
        model = TransformedTargetRegressor(
            regressor=Pipeline([("scale", StandardScaler()), ("model", model)]),
            transformer=StandardScaler())
    model.set_params(**grid_names(name, params or {}))
    state = derive(seed, name, *keys)
    model.set_params(**{k: state for k in model.get_params() if k.endswith("random_state")})
    return model


def grid_names(name, grid):
    """Translate the estimator's own parameter names to the wrapped model's names."""
    family, _ = _known(name)
    return dict(grid) if family == "tree" else {PREFIX + k: v for k, v in grid.items()}


def own_names(name, params):
    """Inverse of grid_names: the estimator's own parameter names."""
    family, _ = _known(name)
    return dict(params) if family == "tree" else {k.removeprefix(PREFIX): v for k, v in params.items()}
