"""Evaluate subsets of the wrapper search and stream rows to parquet.

Rule search_chunk: one chunk (a rank range), with the cheap screening model when multi-fidelity
is on. Rule search_refine: the screening survivors of each size, with the full tuned model.
"""

import _src  # noqa: F401  (barrierml from this repository)

from barrierml.io import logged, matrices, read_json, read_lines
from barrierml.search.evaluate import evaluate_ranks, resolve_backend, score_all
from barrierml.search.fidelity import screening_error, screening_params, survivors
from barrierml.search.gather import gather
from barrierml.search.subsets import chunk_range, count

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    cfg, mech = smk.params.search, smk.wildcards.mechanism
    features = read_lines(smk.input.retained)
    choice = read_json(smk.input.choice)
    data = matrices(smk.input.table, smk.input.split, features, with_folds=cfg["cv"])
    params = choice["params"][mech]
    backend = resolve_backend(cfg["backend"], choice["algorithm"])
    if smk.rule == "search_refine":
        fid, score = cfg["fidelity"], cfg["rank_by"]
        top = gather(smk.input.chunks, score, fid["most"])  # read the chunks once
        # the screen's error against the full model, on the 16 best subsets of the most crowded
        # size searched, 4 screening seeds each
        crowded = min(len(features) // 2 or 1, cfg["max_size"] or len(features))
        probe = top[top["size"] == crowded]["rank"].tolist()[:16]
        cheap = screening_params(choice["algorithm"], params, fid["params"])
        sigma = screening_error(
            lambda seed, rs: [r[score] for r in score_all(
                data, (choice["algorithm"], cheap, seed, mech), rs, backend, smk.threads)],
            lambda rs: [r[score] for r in score_all(
                data, (choice["algorithm"], params, smk.params.seed, mech), rs, backend,
                smk.threads)],
            probe, [smk.params.seed + k for k in range(1, 5)])
        margin = fid["sigmas"] * 2**0.5 * sigma
        ranks = survivors(top, score, fid["least"], margin)
        what = (f"{len(ranks)} screening survivors (screen error σ = {sigma:.2f} meV, margin "
                f"{margin:.2f} meV)")
    else:
        total = count(len(features), cfg["max_size"])
        ranks = range(*chunk_range(smk.params.chunk["index"], smk.params.chunk["total"], total))
        what = f"chunk {smk.wildcards.scatteritem}: ranks [{ranks.start}, {ranks.stop}) of {total}"
        if cfg["fidelity"]["enabled"]:
            params = screening_params(choice["algorithm"], params, cfg["fidelity"]["params"])
    log.info("%s %s, %s %s, backend %s, %d thread(s)", mech, what, choice["algorithm"], params,
             backend, smk.threads)
    model = (choice["algorithm"], params, smk.params.seed, mech)
    evaluate_ranks(data, model, features, ranks, smk.output[0], threads=smk.threads,
                   log=log.info, backend=backend)
