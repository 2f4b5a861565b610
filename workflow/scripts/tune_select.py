"""Gather tuning results: the model-selection table, the chosen algorithm, the Fig. 3 chart."""

import json
from pathlib import Path

import pandas as pd

from barrierml.io import logged, write_json
from barrierml.plots import model_bars
from barrierml.tune.grid import choose
from barrierml.tune.registry import LABELS

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    records = [json.loads(Path(p).read_text()) for p in smk.input]
    table = pd.DataFrame(records)
    chosen, totals = choose(table, smk.params.selection)
    table["params"] = [json.dumps(p, sort_keys=True) for p in table["params"]]
    table["chosen"] = table["algorithm"] == chosen
    table["score_kind"] = smk.params.kind
    cols = ["mechanism", "algorithm", "params", "cv_rmse", "cv_se", "test_rmse", "train_rmse",
            "chosen", "baseline_cv_rmse", "baseline_test_rmse", "score_kind", "backend"]
    table[cols].round(3).to_csv(smk.output.table, index=False)
    params = {r["mechanism"]: r["params"] for r in records if r["algorithm"] == chosen}
    for mechanism, path in zip(smk.params.mechanisms, smk.output.choices, strict=True):
        write_json(path, {"algorithm": chosen, "rule": smk.params.selection,
                          "params": {mechanism: params[mechanism]}})
    model_bars(table, smk.params.mechanisms, LABELS, chosen, smk.output.figure, smk.params.kind)
    log.info("chosen: %s (%s = %.1f meV)\n%s", chosen, smk.params.selection, totals[chosen],
             totals.to_string())
