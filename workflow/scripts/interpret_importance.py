"""MDI importance of the optimal model (paper Fig. 7)."""

import _src  # noqa: F401  (barrierml from this repository)

from barrierml.data.catalogue import load_catalogue
from barrierml.interpret import importance
from barrierml.io import logged, matrices, read_json
from barrierml.plots import importance_bars
from barrierml.search.evaluate import fitted_subset_model

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    mech = smk.wildcards.mechanism
    catalogue = load_catalogue(smk.input.catalogue, smk.params.extra)
    choice, opt = read_json(smk.input.choice), read_json(smk.input.optimum)
    data = matrices(smk.input.table, smk.input.split, opt["features"])
    model = fitted_subset_model(choice, mech, smk.params.seed, opt["rank"], data)
    mdi = importance(model, opt["features"], data["X_train"], data["y_train"], smk.params.seed)
    mdi.to_csv(smk.output.table, index=False)
    importance_bars(mdi, {d.column: d.symbol for d in catalogue},
                    {d.column: d.category for d in catalogue}, smk.output.figure,
                    f"{mech}: feature importance of the optimal model")
    log.info("MDI:\n%s", mdi.to_string(index=False))
