"""Train/test split with matching barrier statistics, and stratified CV folds on the train set."""

import _src  # noqa: F401  (barrierml from this repository)
import pandas as pd

from barrierml.io import logged, read_frame, write_json
from barrierml.split import balanced_split, fold_spread, stratified_folds

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    cfg, seed = smk.params.split, smk.params.seed
    table = read_frame(smk.input[0])
    y = table["barrier"].to_numpy()
    train, test, record = balanced_split(y, cfg["test_fraction"], cfg["mean_tolerance"],
                                         cfg["std_tolerance"], cfg["max_tries"], seed)
    folds = stratified_folds(y[train], cfg["folds"], cfg["fold_tolerance"], cfg["max_tries"], seed)
    record["fold_spread"] = fold_spread(y[train], folds)
    split = pd.concat([
        pd.DataFrame({"row": table.index[train], "set": "train", "fold": folds}),
        pd.DataFrame({"row": table.index[test], "set": "test", "fold": -1}),
    ]).sort_values("row")
    split.to_csv(smk.output.split, index=False)
    write_json(smk.output.stats, record)
    log.info("split after %d tries: train %.0f ± %.0f meV, test %.0f ± %.0f meV; fold spread %.1f%%",
             record["tries"], record["train_mean"], record["train_std"], record["test_mean"],
             record["test_std"], 100 * record["fold_spread"])
