"""Evaluate subsets of one replicate's wrapper search and stream rows to parquet.

Rule search_chunk: one chunk (a rank range), with the cheap screening model when multi-fidelity
is on. Rule search_refine: the screening survivors of each size, with the full tuned model.
"""

import _src  # noqa: F401  (barrierml from this repository)

from barrierml.io import logged, read_json, read_lines
from barrierml.replicates import parse, replicate_matrices
from barrierml.search.evaluate import chosen_model, evaluate_ranks, resolve_backend
from barrierml.search.fidelity import refine_ranks, screening_params
from barrierml.search.gather import gather
from barrierml.search.subsets import chunk_range, count

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    cfg, mech, rep = smk.params.search, smk.wildcards.mechanism, smk.wildcards.replicate
    features = read_lines(smk.input.retained)
    info = parse(rep, smk.params.splits)
    model = chosen_model(read_json(smk.input.choice), mech, smk.params.seed, info["stream"])
    data = replicate_matrices(smk.input.table, smk.input.split, features, rep, smk.params.splits,
                              smk.params.seed, with_folds=smk.params.cv)
    backend = resolve_backend(cfg["backend"], model.algorithm)
    score = cfg["rank_by"]
    if smk.rule == "search_refine":
        top = gather(smk.input.chunks, score, cfg["fidelity"]["most"])  # read the chunks once
        crowded = min(len(features) // 2 or 1, cfg["max_size"] or len(features))
        ranks, sigma = refine_ranks(top, data, model, cfg["fidelity"], score, crowded, backend,
                                    smk.threads)
        what = f"{len(ranks)} screening survivors (screen error σ = {sigma:.2f} meV)"
    else:
        total = count(len(features), cfg["max_size"])
        ranks = range(*chunk_range(smk.params.chunk["index"], smk.params.chunk["total"], total))
        what = f"chunk {smk.wildcards.scatteritem}: ranks [{ranks.start}, {ranks.stop}) of {total}"
        if cfg["fidelity"]["enabled"]:
            model = model._replace(params=screening_params(model.algorithm, model.params,
                                                           cfg["fidelity"]["params"]))
    log.info("%s %s %s, %s %s, backend %s, %d thread(s)", mech, rep, what, model.algorithm,
             model.params, backend, smk.threads)
    evaluate_ranks(data, model, features, ranks, smk.output[0], threads=smk.threads,
                   log=log.info, backend=backend)
