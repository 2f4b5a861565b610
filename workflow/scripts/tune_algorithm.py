"""Grid search of one algorithm for one mechanism on the retained descriptors (primary split).

The tuned model is then scored by the search's own scorer on all retained descriptors, so the
model-selection table, the parity plot and the search's n = p row are one fit and one score.
"""

import numpy as np

from barrierml.io import logged, matrices, read_lines, write_json
from barrierml.search.evaluate import resolve_backend, score_all
from barrierml.search.model import Model
from barrierml.search.selection import mean_baseline
from barrierml.search.subsets import rank_of
from barrierml.tune.grid import cv_baseline, tune

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    mech, name = smk.wildcards.mechanism, smk.wildcards.algorithm
    data = matrices(smk.input.table, smk.input.split, read_lines(smk.input.retained))
    result = tune(name, smk.params.grid, data["X_train"], data["y_train"], data["folds"],
                  smk.params.seed, mech, threads=smk.threads)
    p = data["X_train"].shape[1]
    backend = resolve_backend(smk.params.backend, name)
    row = score_all(data, Model(name, result["params"], smk.params.seed, mech),
                    [rank_of(range(p), p)], backend)[0]
    result.update(grid_cv_rmse=result["cv_rmse"], backend=backend,
                  **{k: row[k] for k in ("cv_rmse", "cv_se", "test_rmse", "train_rmse")},
                  baseline_test_rmse=mean_baseline(data["y_train"], data["y_test"])[
                      "baseline_test_rmse"],
                  baseline_cv_rmse=cv_baseline(data["y_train"], np.asarray(data["folds"])))
    write_json(smk.output[0], result)
    log.info("%s/%s: CV %.1f ± %.1f meV, test %.1f meV (%s) over %d candidates, best %s; "
             "predicting the mean: CV %.1f meV", mech, name, result["cv_rmse"], result["cv_se"],
             result["test_rmse"], backend, result["candidates"], result["params"],
             result["baseline_cv_rmse"])
