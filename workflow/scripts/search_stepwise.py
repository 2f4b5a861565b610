"""Large p: when one replicate's subsets exceed search.budget, a beam search grows its best
subsets of the largest exhaustive size; otherwise an empty file. Writes which search ran."""

from barrierml.io import logged, write_json
from barrierml.search.evaluate import resolve_backend, score_all, write_rows
from barrierml.search.gather import gather
from barrierml.search.replicates import replicate_search
from barrierml.search.stepwise import beam, plan

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    cfg, mech, rep = smk.params.search, smk.wildcards.mechanism, smk.wildcards.replicate
    features, model, data = replicate_search(
        smk.input.table, smk.input.split, smk.input.retained, smk.input.choice, mech, rep,
        smk.params.splits, smk.params.seed, smk.params.cv)
    search = plan(len(features), cfg["max_size"], cfg["budget"], cfg["beam_width"])
    write_json(smk.output.mode, search)
    log.info("%s %s: %s search: %s", mech, rep, search["mode"], search["why"])
    rows = {}
    if search["mode"] == "stepwise":
        backend = resolve_backend(cfg["backend"], model.algorithm)
        top = gather(smk.input.chunks, cfg["rank_by"], cfg["beam_width"])

        def score(ranks):
            scored = score_all(data, model, ranks, backend, smk.threads)
            rows.update((row["rank"], row) for row in scored)
            log.info("beam: %d subsets of size %d scored", len(ranks), scored[0]["size"])
            return [row[cfg["rank_by"]] for row in scored]

        start = top[top["size"] == search["exhaustive_to"]]["rank"].tolist()
        beam(score, len(features), start, cfg["beam_width"], search["max_size"])
    write_rows([rows[r] for r in sorted(rows)], features, smk.output.scores)
