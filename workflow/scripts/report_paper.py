"""The paper's published figures beside this run's, with the kind of each score."""

import pandas as pd

from barrierml.io import logged, read_json
from barrierml.report.paper import comparison

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    selection = pd.read_csv(smk.input.selection)
    laws = [read_json(f) for f in smk.input.laws] or [None] * len(smk.params.mechanisms)
    table = pd.concat([
        comparison(m, selection, read_json(f), read_json(v), pd.read_csv(i), pd.read_csv(e), law)
        for m, f, v, i, e, law in zip(smk.params.mechanisms, smk.input.finals,
                                      smk.input.verdicts, smk.input.importance,
                                      smk.input.evaluation, laws)])
    table.to_csv(smk.output[0], index=False)
    log.info("\n%s", table.to_string(index=False))
