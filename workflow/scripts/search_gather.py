"""Gather one replicate's search: its best subsets per size and what its selection chose."""


from barrierml.io import logged, read_json, read_lines, write_json
from barrierml.search.gather import gather
from barrierml.search.replicates import replicate_matrices
from barrierml.search.selection import mean_baseline, summary

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    rep, score = smk.wildcards.replicate, smk.params.rank_by
    top = gather([*smk.input.chunks, smk.input.stepwise], score, smk.params.top_k)
    top.to_csv(smk.output.top, index=False)
    data = replicate_matrices(smk.input.table, smk.input.split, read_lines(smk.input.retained),
                              rep, smk.params.splits, smk.params.seed, with_folds=False)
    selection = summary(top, score, rep, mean_baseline(data["y_train"], data["y_test"]))
    selection["search"] = read_json(smk.input.mode)
    write_json(smk.output.selection, selection)
    chosen = selection["chosen"]
    log.info("%s: chose n = %d (%s; %s %.1f meV, within %.1f meV), test %.1f meV; training "
             "mean %.1f meV; %d near-optimal subsets", rep, chosen["n"],
             ", ".join(chosen["features"]), score, chosen[score], selection["threshold"],
             chosen["test_rmse"], selection["baseline_test_rmse"],
             len(selection["near_optimal"]))
