"""Centered ICE plots (pdpbox) for each feature of the optimal model (paper Figs 8, S3)."""

from pathlib import Path

import _src  # noqa: F401  (barrierml from this repository)
import pandas as pd

from barrierml.data.catalogue import load_catalogue, symbols
from barrierml.interpret import centered_ice, ice_pdpbox
from barrierml.io import logged, matrices, read_json
from barrierml.plots import ice
from barrierml.search.evaluate import fitted_subset_model

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    mech, cfg = smk.wildcards.mechanism, smk.params.ice
    names = symbols(load_catalogue(smk.input.catalogue, smk.params.extra))
    choice, opt = read_json(smk.input.choice), read_json(smk.input.optimum)
    features = opt["features"]
    data = matrices(smk.input.table, smk.input.split, features)
    model = fitted_subset_model(choice, mech, smk.params.seed, opt["rank"], data)
    X = pd.DataFrame(data["X_train"], columns=features)
    out = Path(smk.output[0])
    out.mkdir(parents=True, exist_ok=True)
    for feature in features:
        isolate = ice_pdpbox(model, X, feature, cfg["grid_points"], cfg["grid_type"])
        grid, curves = centered_ice(isolate)
        ice(isolate, names.get(feature, feature), X[feature].std(), out / f"{feature}.png",
            cfg["max_lines"])
        log.info("%s: mean centered change %.1f meV from %.3g to %.3g", feature,
                 curves[:, -1].mean(), grid[0], grid[-1])
