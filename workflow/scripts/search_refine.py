"""Multi-fidelity: refit the screening survivors of each size with the full tuned model."""

import _src  # noqa: F401  (barrierml from this repository)
import pandas as pd

from barrierml.io import logged, matrices, read_frame, read_json, read_lines
from barrierml.search.evaluate import evaluate_ranks, resolve_backend
from barrierml.search.fidelity import survivors

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    cfg, mech = smk.params.search, smk.wildcards.mechanism
    features = read_lines(smk.input.retained)
    choice = read_json(smk.input.choice)
    data = matrices(read_frame(smk.input.table), pd.read_csv(smk.input.split), features,
                    with_folds=cfg["cv"])
    ranks = survivors(smk.input.chunks, cfg["rank_by"], cfg["fidelity"]["survivors"])
    backend = resolve_backend(cfg["backend"], choice["algorithm"])
    log.info("%s: refitting %d survivors with the full model, backend %s", mech, len(ranks),
             backend)
    model = (choice["algorithm"], choice["params"][mech], smk.params.seed, mech)
    evaluate_ranks(data, model, features, ranks, smk.output[0], threads=smk.threads,
                   log=log.info, backend=backend)
