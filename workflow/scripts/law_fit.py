"""The barrier law of one mechanism: laws.csv, law.json and its parity figure."""

import pandas as pd

from barrierml.data.catalogue import load_catalogue
from barrierml.io import logged, read_frame, read_lines, write_json
from barrierml.law import judge, sisso
from barrierml.plots import parity
from barrierml.search.replicates import PRIMARY

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    mech, p = smk.wildcards.mechanism, smk.params
    table = read_frame(smk.input.table)
    split = pd.read_csv(smk.input.split)
    retained = read_lines(smk.input.retained)
    units = {d.column: d.unit for d in load_catalogue(smk.input.catalogue, p.extra)}
    trees, V, found = judge.space(table, retained, units, p.law["max_complexity"])
    log.info("%s: %d features of up to %d operations over %d descriptors", mech, len(trees),
             p.law["max_complexity"], len(retained))
    settings = {"max_terms": p.law["max_terms"], "screened": p.law["screened"]}
    real = [f"split{k}_seed0" for k in range(p.splits)]
    results = judge.run(table, split, real + p.nulls, V, p.seed, p.splits, settings)
    laws = judge.laws_table(results, real, PRIMARY, trees, found)
    laws.to_csv(smk.output.laws, index=False, float_format="%.4g")
    scope = "new_compound" if p.group_by else "new_path"
    judged = judge.verdict(results, real, p.nulls, scope, p.min_gain)
    law = judge.chosen_law(results, real, PRIMARY, trees, found, judged)
    write_json(smk.output.law, law)

    # the law beside the best model and the training mean, on the same held-out rows
    evaluation = pd.read_csv(smk.input.evaluation).set_index("scope").loc[scope]
    y = table["barrier"].to_numpy(dtype=float)
    fitted = results[PRIMARY]["laws"][law["n_terms"] - 1]
    panels = [(f"law, {kind} rows of split 0", y[rows], sisso.predict(V[rows], fitted))
              for kind, rows in zip(("training", "held-out"), judge.rows_of(table, split, 0))]
    flag = "" if law["skill"] else " (NO SKILL)"
    parity(panels, smk.output.figure,
           f"{mech}: {law['formula']}{flag}\n{scope.replace('_', ' ')} RMSE over "
           f"{len(real)} repeats: law {law['new_compound_rmse']:.0f}, best model "
           f"{evaluation['model_rmse']:.0f}, training mean {evaluation['mean_baseline_rmse']:.0f} "
           "meV")
    log.info("%s: %s\n%s\n%s", mech, law["formula"], law["reason"], laws.to_string())
