"""Train/test splits (one per repeat) with matching barrier statistics, and CV folds on each
training set; grouped by compound unless split.group_by is null."""


from barrierml.io import logged, read_frame, write_json
from barrierml.split import repeated_splits

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    table = read_frame(smk.input[0])
    split, records = repeated_splits(table, smk.params.split, smk.params.seed, smk.params.splits)
    split.to_csv(smk.output.split, index=False)
    write_json(smk.output.stats, records)
    for r in records:
        log.info("split %d (%s) after %d tries: train %d rows %.0f ± %.0f meV, test %d rows "
                 "%.0f ± %.0f meV; fold spread %.1f%%", r["repeat"], r["kind"], r["tries"],
                 r["n_train"], r["train_mean"], r["train_std"], r["n_test"], r["test_mean"],
                 r["test_std"], 100 * r["fold_spread"])
