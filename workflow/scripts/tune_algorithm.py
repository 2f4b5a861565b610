"""Grid search of one algorithm for one mechanism on the retained descriptors."""

import _src  # noqa: F401  (barrierml from this repository)

from barrierml.io import logged, matrices, read_lines, write_json
from barrierml.tune.grid import tune

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    data = matrices(smk.input.table, smk.input.split, read_lines(smk.input.retained))
    result = tune(smk.wildcards.algorithm, smk.params.grid, data["X_train"], data["y_train"],
                  data["X_test"], data["y_test"], data["folds"], smk.params.seed,
                  smk.wildcards.mechanism, threads=smk.threads)
    write_json(smk.output[0], result)
    log.info("%s/%s: CV %.1f meV, test %.1f meV over %d candidates, best %s",
             smk.wildcards.mechanism, smk.wildcards.algorithm, result["cv_rmse"],
             result["test_rmse"], result["candidates"], result["params"])
