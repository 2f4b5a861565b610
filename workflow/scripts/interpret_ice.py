"""Centered ICE plots (pdpbox) for each descriptor of the final model (paper Figs 8, S3), and the
two-descriptor partial dependence of its two most frequently chosen descriptors."""

from pathlib import Path

import pandas as pd

from barrierml.data.catalogue import axis_labels, load_catalogue, symbols
from barrierml.interpret import centered_ice, ice_pdpbox, pdp_2d
from barrierml.io import logged, matrices, read_json, read_lines
from barrierml.plots import ice
from barrierml.plots import pdp_2d as pdp_figure
from barrierml.search.evaluate import fitted_subset_model
from barrierml.search.model import chosen_model

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
    out = Path(smk.output.ice)
    out.mkdir(parents=True, exist_ok=True)
    flag = "" if final["skill"] else " [NO SKILL: diagnostic]"
    for feature in features:
        isolate = ice_pdpbox(model, X, feature, cfg["grid_points"], cfg["grid_type"])
        grid, curves = centered_ice(isolate)
        ice(isolate, names.get(feature, feature) + flag, labels.get(feature, feature),
            X[feature].std(), out / f"{feature}.png", cfg["max_lines"])
        log.info("%s: mean centered change %.1f meV from %.3g to %.3g", feature,
                 curves[:, -1].mean(), grid[0], grid[-1])
    consensus = read_lines(smk.input.selected)
    order = [d for d in pd.read_csv(smk.input.frequencies)["descriptor"] if d in consensus]
    if len(order) >= 2:
        gx, gy, values = pdp_2d(model, X, order[:2], cfg["grid_points"])
        pdp_figure(gx, gy, values, [labels.get(f, f) for f in order[:2]], smk.output.pdp,
                   f"{mech}: partial dependence on the top pair{flag}")
    else:
        pdp_figure(None, None, None, order, smk.output.pdp,
                   f"{mech}: the consensus holds one descriptor, no pair to show")
