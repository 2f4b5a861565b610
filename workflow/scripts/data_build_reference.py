"""Energies of one cation's references: bcc metal, anti-fluorite X2A, rock-salt XZ."""

import warnings

from barrierml.data.mlip.potential import calculator
from barrierml.data.mlip.properties import reference, relaxed_energy_per_formula
from barrierml.io import logged, write_json

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log, warnings.catch_warnings():
    warnings.simplefilter("ignore")
    x = smk.wildcards.cation
    calc = calculator(smk.params.potential, smk.threads)
    settings = smk.params.structure
    out = {"cation": x}
    for kind, anions, atoms_per_formula in (("metal", [None], 1),
                                            ("chalcogenide", smk.params.chalcogens, 3),
                                            ("halide", smk.params.halogens, 2)):
        for anion in anions:
            energy, ok, relaxed = relaxed_energy_per_formula(
                reference(kind, x, anion), calc, atoms_per_formula, settings["fmax"],
                settings["steps"])
            key = kind if anion is None else f"{kind}_{anion}"
            out[key] = {"eV_per_formula": energy, "relaxed": ok,
                        "cell_A": relaxed.cell.cellpar().round(4).tolist()}
            log.info("%s %s: %.4f eV per formula unit (relaxed: %s)", x, key, energy, ok)
    write_json(smk.output[0], out)
