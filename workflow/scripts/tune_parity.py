"""Parity plot of the chosen model on the retained descriptors (paper Fig. 4)."""

import _src  # noqa: F401  (barrierml from this repository)

from barrierml.io import logged, matrices, read_json, read_lines
from barrierml.plots import parity
from barrierml.search.evaluate import fitted_subset_model
from barrierml.search.subsets import rank_of
from barrierml.tune.registry import LABELS

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    mech = smk.wildcards.mechanism
    choice = read_json(smk.input.choice)
    features = read_lines(smk.input.features)
    data = matrices(smk.input.table, smk.input.split, features)
    everything = rank_of(range(len(features)), len(features))  # same model as the search's n = p
    model = fitted_subset_model(choice, mech, smk.params.seed, everything, data)
    parity([("train", data["y_train"], model.predict(data["X_train"])),
            ("test", data["y_test"], model.predict(data["X_test"]))], smk.output[0],
           f"{mech}: {LABELS[choice['algorithm']]} on {len(features)} retained descriptors")
    log.info("parity plot of %s with %d features", choice["algorithm"], len(features))
