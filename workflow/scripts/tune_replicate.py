"""Nested tuning of one replicate: its algorithm and hyperparameters from its training rows."""

from barrierml.io import logged, write_json
from barrierml.tune.nested import replicate_choice

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    mech, rep = smk.wildcards.mechanism, smk.wildcards.replicate
    choice, candidates = replicate_choice(smk.input.table, smk.input.split, smk.input.retained,
                                          smk.params.grids, mech, rep, smk.params.splits,
                                          smk.params.seed)
    write_json(smk.output[0], choice)
    log.info("%s %s: %s %s (CV %.1f meV on %d training rows); candidates:\n%s", mech, rep,
             choice["algorithm"], choice["params"][mech],
             min(c["cv_rmse"] for c in candidates), choice["train_rows"],
             "\n".join(f"  {c['algorithm']}: {c['cv_rmse']:.1f} meV {c['params']}"
                       for c in candidates))
