"""Multi-fidelity: refit one replicate's screening survivors of each size with the full model."""

from barrierml.io import logged
from barrierml.search.evaluate import evaluate_ranks, resolve_backend
from barrierml.search.fidelity import refine
from barrierml.search.replicates import replicate_search
from barrierml.search.stepwise import exhaustive_to

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    cfg, mech, rep = smk.params.search, smk.wildcards.mechanism, smk.wildcards.replicate
    features, model, data = replicate_search(
        smk.input.table, smk.input.split, smk.input.retained, smk.input.choice, mech, rep,
        smk.params.splits, smk.params.seed, smk.params.cv)
    backend = resolve_backend(cfg["backend"], model.algorithm)
    largest = exhaustive_to(len(features), cfg["max_size"], cfg["budget"])  # chunks' sizes
    ranks, sigma = refine(smk.input.chunks, data, model, cfg["fidelity"], cfg["rank_by"],
                          largest, backend, smk.threads)
    log.info("%s %s: %d screening survivors (screen error σ = %.2f meV), %s %s, backend %s",
             mech, rep, len(ranks), sigma, model.algorithm, model.params, backend)
    evaluate_ranks(data, model, features, ranks, smk.output[0], threads=smk.threads,
                   log=log.info, backend=backend)
