"""Save one mechanism's models (consensus subset, one per real replicate) and their coverage."""

from pathlib import Path

import pandas as pd

from barrierml.data.catalogue import load_catalogue
from barrierml.io import logged
from barrierml.predict.models import build, save

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    p, mech = smk.params, smk.wildcards.mechanism
    units = {d.column: d.unit for d in load_catalogue(smk.input.catalogue, p.extra)}
    results_dir = Path(smk.output.meta).parents[2]  # <results_dir>/<mech>/predict/model.json
    estimators, meta = build(dict(smk.input), results_dir, mech, p.replicates, p.seed, p.splits,
                             p.coverage, units)
    frequencies = pd.read_csv(smk.input.frequencies).set_index("descriptor")["frequency"]
    meta["leading"] = sorted(meta["features"], key=lambda f: -frequencies.get(f, 0.0))[:2]
    save(estimators, meta, Path(smk.output.meta).parent)
    held = [len(r) for r in meta["residuals_meV"]]
    pd.DataFrame({"replicate": meta["replicates"], "held_out_rows": held,
                  "nominal": p.coverage, "coverage": meta["held_out_coverage"]}).to_csv(
        smk.output.coverage, index=False, float_format="%.3f")
    log.info("%s: %s on %s, %d models; held-out coverage of nominal %.2f: %s", mech,
             meta["algorithm"], meta["features"], len(estimators), p.coverage,
             [round(c, 3) for c in meta["held_out_coverage"]])
