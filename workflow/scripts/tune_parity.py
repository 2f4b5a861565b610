"""Parity plot of the chosen model on the retained descriptors (paper Fig. 4): the same fit as
the search's n = p row and the model-selection table."""


from barrierml.io import logged, matrices, read_json, read_lines
from barrierml.plots import parity
from barrierml.search.evaluate import resolve_backend, subset_predictions
from barrierml.search.model import chosen_model
from barrierml.search.subsets import rank_of
from barrierml.tune.registry import LABELS

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    mech = smk.wildcards.mechanism
    choice = read_json(smk.input.choice)
    features = read_lines(smk.input.retained)
    data = matrices(smk.input.table, smk.input.split, features)
    model = chosen_model(choice, mech, smk.params.seed)
    backend = resolve_backend(smk.params.backend, model.algorithm)
    everything = rank_of(range(len(features)), len(features))
    train, test = subset_predictions(data, model, everything, backend)
    parity([("train", data["y_train"], train), (f"test ({smk.params.kind})", data["y_test"], test)], smk.output[0],
           f"{mech}: {LABELS[choice['algorithm']]} on {len(features)} retained descriptors")
    log.info("parity plot of %s with %d features (%s)", choice["algorithm"], len(features),
             backend)
