"""Climbing-image NEB of one symmetry-distinct edge for one mechanism (both directions)."""

import warnings

from ase.io import read

from barrierml.data.mlip.compositions import species
from barrierml.data.mlip.neb import run
from barrierml.data.mlip.potential import calculator
from barrierml.io import logged, read_json, write_json

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log, warnings.catch_warnings():
    warnings.simplefilter("ignore")
    x, a, z = species(smk.wildcards.composition)
    prim = read(smk.input.structure, format="extxyz")
    path = read_json(smk.input.paths)[int(smk.wildcards.edge)]
    calc = calculator(smk.params.potential, smk.threads)
    with open(smk.log[0], "a") as neb_log:
        record = run(prim, path, smk.wildcards.mechanism, a, calc, smk.params.neb, neb_log)
    write_json(smk.output[0], record)
    if "aligned_failure" in record:
        log.info("the start along the hop failed (%s); started again from turns %s deg",
                 record["aligned_failure"], record["turns_deg"])
    log.info("%s %s edge %s: forward %.0f meV, reverse %.0f meV, %s", smk.wildcards.composition,
             smk.wildcards.mechanism, smk.wildcards.edge, record["forward_meV"],
             record["reverse_meV"], record["failure"] or "all checks passed")
