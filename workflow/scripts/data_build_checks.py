"""Tables of the Data stage's checks: MLIP vs DFT reference barriers, settings convergence."""


from barrierml.data.mlip.validation import against_dft, convergence
from barrierml.io import logged, read_json

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    records = {p: read_json(f) for p, f in zip(smk.params.potentials, smk.input.validation)}
    table = against_dft(records, smk.params.dft, smk.params.checks)
    table.to_csv(smk.output.validation, index=False, float_format="%.4g")
    base = {c: read_json(f) for c, f in zip(smk.params.cases, smk.input.base)}
    check = {c: read_json(f) for c, f in zip(smk.params.cases, smk.input.check)}
    moves = convergence(base, check, smk.params.checks)
    moves.to_csv(smk.output.convergence, index=False, float_format="%.4g")
    log.info("validation:\n%s\nconvergence:\n%s", table.to_string(), moves.to_string())
