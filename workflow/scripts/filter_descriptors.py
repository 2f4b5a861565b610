"""Pearson filtering on the training rows: retained list, dropped -> kept map, heatmaps."""

import pandas as pd

from barrierml.data.catalogue import load_catalogue, symbols
from barrierml.data.table import NOT_DESCRIPTORS
from barrierml.filter import filter_descriptors, pearson
from barrierml.io import logged, primary_training_rows, read_frame, write_lines
from barrierml.plots import heatmap

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    table = read_frame(smk.input.table)
    split = pd.read_csv(smk.input.split)
    names = symbols(load_catalogue(smk.input.catalogue, smk.params.extra))
    descriptors = [c for c in table.columns if c not in NOT_DESCRIPTORS]
    train = table.loc[primary_training_rows(split)]
    rho = pearson(train[[*descriptors, "barrier"]])
    cfg = smk.params.filter
    retained, dropped = filter_descriptors(rho.loc[descriptors, descriptors], cfg["preference"],
                                           cfg["threshold"])
    write_lines(smk.output.retained, retained)
    dropped.to_csv(smk.output.dropped, index=False)
    rho.to_csv(smk.output.pearson)
    mech = smk.wildcards.mechanism
    for cols, out, what in ((descriptors, smk.output.heatmap_all, "all descriptors"),
                            (retained, smk.output.heatmap_retained, "retained descriptors")):
        cols = [*cols, "barrier"]
        heatmap(rho.loc[cols, cols].to_numpy(), [names.get(c, c) for c in cols],
                f"{mech}: Pearson ρ, {what} (training rows)", out)
    log.info("retained %d of %d descriptors at |ρ| ≥ %s: %s", len(retained), len(descriptors),
             cfg["threshold"], ", ".join(retained))
