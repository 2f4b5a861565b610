"""Centered ICE plots (pdpbox) for each descriptor of the final model (paper Figs 8, S3)."""

from pathlib import Path

import _src  # noqa: F401  (barrierml from this repository)
import pandas as pd

from barrierml.data.catalogue import axis_labels, load_catalogue, symbols
from barrierml.interpret import centered_ice, ice_pdpbox
from barrierml.io import logged, matrices, read_json
from barrierml.plots import ice
from barrierml.search.evaluate import chosen_model, fitted_subset_model

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    mech, cfg = smk.wildcards.mechanism, smk.params.ice
    catalogue = load_catalogue(smk.input.catalogue, smk.params.extra)
    names, labels = symbols(catalogue), axis_labels(catalogue)
    final = read_json(smk.input.final)
    features = final["features"]
    data = matrices(smk.input.table, smk.input.split, features)
    model = fitted_subset_model(chosen_model(read_json(smk.input.choice), mech, smk.params.seed),
                                final["rank"], data)
    X = pd.DataFrame(data["X_train"], columns=features)
    out = Path(smk.output[0])
    out.mkdir(parents=True, exist_ok=True)
    flag = "" if final["skill"] else " [NO SKILL: diagnostic]"
    for feature in features:
        isolate = ice_pdpbox(model, X, feature, cfg["grid_points"], cfg["grid_type"])
        grid, curves = centered_ice(isolate)
        ice(isolate, names.get(feature, feature) + flag, labels.get(feature, feature),
            X[feature].std(), out / f"{feature}.png", cfg["max_lines"])
        log.info("%s: mean centered change %.1f meV from %.3g to %.3g", feature,
                 curves[:, -1].mean(), grid[0], grid[-1])
