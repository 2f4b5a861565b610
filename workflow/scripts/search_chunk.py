"""One chunk (a rank range) of one replicate's wrapper search, written to a chunk file; the cheap
screening model when multi-fidelity is on."""

from barrierml.io import logged
from barrierml.search.evaluate import evaluate_ranks, resolve_backend
from barrierml.search.fidelity import screening_params
from barrierml.search.replicates import replicate_search
from barrierml.search.stepwise import exhaustive_to
from barrierml.search.subsets import chunk_range, count

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    cfg, mech, rep = smk.params.search, smk.wildcards.mechanism, smk.wildcards.replicate
    features, model, data = replicate_search(
        smk.input.table, smk.input.split, smk.input.retained, smk.input.choice, mech, rep,
        smk.params.splits, smk.params.seed, smk.params.cv)
    if cfg["screening"] is not None:
        model = model._replace(params=screening_params(model.algorithm, model.params,
                                                       cfg["screening"]))
    backend = resolve_backend(cfg["backend"], model.algorithm)
    total = count(len(features), exhaustive_to(len(features), cfg["max_size"], cfg["budget"]))
    ranks = range(*chunk_range(smk.params.chunk["index"], smk.params.chunk["total"], total))
    log.info("%s %s chunk %s: ranks [%d, %d) of %d, %s %s, backend %s, %d thread(s)", mech, rep,
             smk.wildcards.scatteritem, ranks.start, ranks.stop, total, model.algorithm,
             model.params, backend, smk.threads)
    evaluate_ranks(data, model, features, ranks, smk.output[0], threads=smk.threads,
                   log=log.info, backend=backend)
