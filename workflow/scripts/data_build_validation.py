"""The DFT reference cases (cubic cell, one path, both mechanisms) with one potential."""

import warnings

from barrierml.data.mlip.compositions import species
from barrierml.data.mlip.potential import calculator, version
from barrierml.data.mlip.validation import cubic_barriers
from barrierml.io import logged, write_json

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log, warnings.catch_warnings():
    warnings.simplefilter("ignore")
    potential = smk.wildcards.potential
    calc = calculator(potential, smk.threads)
    x, a, z = species(smk.params.composition)
    record = cubic_barriers(x, a, z, calc, smk.params.structure, smk.params.neb,
                            smk.params.dumbbell)
    record["potential"] = version(potential)
    write_json(smk.output[0], record)
    log.info("%s cubic %s: a = %.3f Å, vacancy %.0f meV, dumbbell %.0f meV", potential,
             smk.params.composition, record["lattice_A"], record["vacancy"]["forward_meV"],
             record["interstitial"]["forward_meV"])
