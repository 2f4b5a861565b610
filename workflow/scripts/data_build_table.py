"""Assemble the Data stage's table, failures and compound summary."""

from pathlib import Path

import yaml

from barrierml.data.mlip.assemble import collect
from barrierml.data.mlip.facts import facts
from barrierml.io import logged

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    table, failures, compounds = collect(Path(smk.output.table).parent, smk.params.compositions,
                                         smk.params.checks)
    table.to_csv(smk.output.table, index=False, float_format="%.6g")
    failures.to_csv(smk.output.failures, index=False)
    compounds.to_csv(smk.output.compounds, index=False, float_format="%.6g")
    Path(smk.output.facts).write_text(yaml.safe_dump(facts(), sort_keys=False))
    log.info("%d barriers from %d compounds; %d failed hops", len(table), len(compounds),
             len(failures))
