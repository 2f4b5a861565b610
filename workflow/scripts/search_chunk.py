"""Evaluate one chunk (a rank range) of the wrapper search and stream rows to parquet."""

import _src  # noqa: F401  (barrierml from this repository)
import pandas as pd

from barrierml.io import logged, matrices, read_frame, read_json, read_lines
from barrierml.search.evaluate import evaluate_ranks, resolve_backend
from barrierml.search.fidelity import screening_params
from barrierml.search.subsets import chunk_range, count

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    cfg, mech = smk.params.search, smk.wildcards.mechanism
    features = read_lines(smk.input.retained)
    choice = read_json(smk.input.choice)
    data = matrices(read_frame(smk.input.table), pd.read_csv(smk.input.split), features,
                    with_folds=cfg["cv"])
    total = count(len(features), cfg["max_size"])
    start, stop = chunk_range(smk.params.chunk["index"], smk.params.chunk["total"], total)
    backend = resolve_backend(cfg["backend"], choice["algorithm"])
    log.info("%s chunk %s: ranks [%d, %d) of %d, model %s, backend %s, %d thread(s)", mech,
             smk.wildcards.scatteritem, start, stop, total, choice["algorithm"], backend,
             smk.threads)
    params = choice["params"][mech]
    if cfg["fidelity"]["enabled"]:  # screening pass: the cheap model, refined later
        params = screening_params(params, cfg["fidelity"]["params"])
        log.info("multi-fidelity screening with %s", params)
    model = (choice["algorithm"], params, smk.params.seed, mech)
    evaluate_ranks(data, model, features, range(start, stop), smk.output[0],
                   threads=smk.threads, log=log.info, backend=backend)
