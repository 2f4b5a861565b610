"""Bulk modulus, Γ-point ω_LEO and decomposition energy of one compound's kept phase."""

import warnings

from ase.io import read

from barrierml.data.mlip.compositions import species
from barrierml.data.mlip.potential import calculator
from barrierml.data.mlip.properties import bulk_modulus, gamma_frequencies, lowest_optical
from barrierml.data.mlip.structures import energy_per_atom
from barrierml.io import logged, read_json, write_json

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log, warnings.catch_warnings():
    warnings.simplefilter("ignore")
    x, a, z = species(smk.wildcards.composition)
    prim = read(smk.input.structure, format="extxyz")
    refs = read_json(smk.input.references)
    calc = calculator(smk.params.potential, smk.threads)
    frequencies = gamma_frequencies(prim, calc)
    per_formula = 5 * energy_per_atom(prim, calc)
    products = refs[f"chalcogenide_{a}"]["eV_per_formula"] + refs[f"halide_{z}"]["eV_per_formula"]
    out = {"B": bulk_modulus(prim, calc), "omega_LEO": lowest_optical(frequencies),
           "E_d": 1000 * (products - per_formula) / 5,
           "gamma_THz": frequencies.round(4).tolist(), "mu_X_eV": refs["metal"]["eV_per_formula"]}
    write_json(smk.output[0], out)
    log.info("%s: B %.1f GPa, ω_LEO %.2f THz, E_d %.1f meV/atom", smk.wildcards.composition,
             out["B"], out["omega_LEO"], out["E_d"])
