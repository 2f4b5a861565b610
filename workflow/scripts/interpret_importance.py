"""Importance of the final model by MDI, permutation on held-out rows and SHAP (paper Fig. 7)."""

import pandas as pd

from barrierml.data.catalogue import load_catalogue, symbols
from barrierml.filter import group_label, stand_ins
from barrierml.interpret import importance
from barrierml.io import logged, matrices, read_json
from barrierml.plots import importance_panels
from barrierml.search.evaluate import fitted_subset_model
from barrierml.search.model import chosen_model

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    mech, seed = smk.wildcards.mechanism, smk.params.seed
    catalogue = load_catalogue(smk.input.catalogue, smk.params.extra)
    names = symbols(catalogue)
    groups = stand_ins(pd.read_csv(smk.input.dropped))
    final = read_json(smk.input.final)
    features = final["features"]
    data = matrices(smk.input.table, smk.input.split, features)
    model = fitted_subset_model(chosen_model(read_json(smk.input.choice), mech, seed),
                                final["rank"], data)
    X = pd.DataFrame(data["X_train"], columns=features)
    X_test = pd.DataFrame(data["X_test"], columns=features)
    table, explainer = importance(model, features, X, X_test, data["y_test"], seed)
    table.assign(shap_explainer=explainer).to_csv(smk.output.table, index=False)
    flag = "" if final["skill"] else " (NO SKILL: diagnostic only)"
    importance_panels(table, {f: group_label(f, names, groups) for f in features},
                      {d.column: d.category for d in catalogue}, smk.output.figure,
                      f"{mech}: importance in the final model{flag}")
    log.info("importance (SHAP by %s):\n%s", explainer, table.to_string(index=False))
