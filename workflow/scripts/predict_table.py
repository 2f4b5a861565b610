"""Predict the rows of config predict.table with the saved models; the domain figure."""

from pathlib import Path

import numpy as np

from barrierml.io import logged
from barrierml.plots import domain_map
from barrierml.predict.run import predict, write_predictions

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    results_dir = Path(smk.input.meta[0]).parents[2]  # <results_dir>/<mech>/predict/model.json
    frame, metas, rows = predict(smk.input.table, results_dir, smk.params.coverage,
                                 smk.params.sheet, smk.params.data)
    write_predictions(frame, smk.output.table)
    panels = []
    for mech, meta in metas.items():
        x, y = (meta["leading"] * 2)[:2]
        domain = meta["domain"]
        cols = [domain["features"].index(f) for f in (x, y)]
        train = np.asarray(domain["train"])[:, cols] * np.asarray(domain["sd"])[cols] \
            + np.asarray(domain["mean"])[cols]
        here = (rows["mechanism"] == mech).to_numpy()
        new = rows.loc[here, [x, y]].to_numpy(dtype=float) if here.any() else np.zeros((0, 2))
        inside = frame.loc[here, "in_domain"].to_numpy(dtype=bool)
        unit = meta["units"]
        panels.append((f"{mech}{'' if meta['skill'] else ' (no skill: nothing predicted)'}",
                       f"{x} ({unit[x]})", f"{y} ({unit[y]})", train, new, inside))
        log.info("%s: %d rows, %d in domain", mech, int(here.sum()), int(inside.sum()))
    domain_map(panels, smk.output.figure)
