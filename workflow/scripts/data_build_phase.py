"""Relax the cubic and tilted cells of one composition, keep the lower, enumerate its paths."""

import warnings

from ase.io import write

from barrierml.data.mlip.compositions import species
from barrierml.data.mlip.paths import distinct_paths
from barrierml.data.mlip.potential import calculator
from barrierml.data.mlip.structures import ground_phase
from barrierml.io import logged, write_json

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log, warnings.catch_warnings():
    warnings.simplefilter("ignore")
    x, a, z = species(smk.wildcards.composition)
    settings = smk.params.structure
    calc = calculator(smk.params.potential, smk.threads)
    prim, record = ground_phase(x, a, z, calc, settings)
    paths = distinct_paths(prim, x, a, settings["symprec"])
    record["edges"] = len(paths)
    record["paths"] = sum(1 + p["reverse_distinct"] for p in paths)
    write(smk.output.structure, prim, format="extxyz")
    write_json(smk.output.phase, record)
    write_json(smk.output.paths, paths)
    log.info("%s: %s (%s), %d distinct edges, %d distinct hops; tilted - cubic %s meV/atom",
             record["composition"], record["phase"], record["space_group"], record["edges"],
             record["paths"], record.get("tilted_minus_cubic_meV_per_atom"))
