"""Assemble the Data stage's table, failures and compound summary."""

from pathlib import Path

import _src  # noqa: F401  (barrierml from this repository)
import pandas as pd
from ase.io import read

from barrierml.atomistic.assemble import rows
from barrierml.atomistic.compositions import NEB_MECHANISMS, species
from barrierml.atomistic.descriptors import compound
from barrierml.io import logged, read_json

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    table, failures, compounds = [], [], []
    for composition in smk.params.compositions:
        base = Path(smk.output.table).parent / composition
        species = species(composition)
        prim = read(f"{base}/structure.extxyz", format="extxyz")
        paths = read_json(f"{base}/paths.json")
        phase = read_json(f"{base}/phase.json")
        props = read_json(f"{base}/properties.json")
        nebs = {(m, e): read_json(f"{base}/neb/{m}_{e}.json")
                for m in NEB_MECHANISMS for e in range(len(paths))}
        shared = {**compound(prim, *species), "B": props["B"], "omega_LEO": props["omega_LEO"],
                  "E_d": props["E_d"], "phase": phase["phase"], "space_group": phase["space_group"]}
        good, bad = rows(composition, species, prim, paths, nebs, shared, props["mu_X_eV"],
                         smk.params.neb)
        table += good
        failures += bad
        edges = sum(p["multiplicity"] for p in paths)  # 12 per octahedron if none is broken
        compounds.append({**{k: v for k, v in phase.items() if not isinstance(v, list)},
                          "octahedra_intact": edges == 12 * prim.get_chemical_symbols().count(
                              species[1]),
                          "B": props["B"], "omega_LEO": props["omega_LEO"], "E_d": props["E_d"],
                          "barriers": len(good), "failed": len(bad)})
    pd.DataFrame(table).to_csv(smk.output.table, index=False, float_format="%.6g")
    pd.DataFrame(failures, columns=["compound", "mechanism", "path_id", "reason"]).to_csv(
        smk.output.failures, index=False)
    pd.DataFrame(compounds).to_csv(smk.output.compounds, index=False, float_format="%.6g")
    log.info("%d barriers from %d compounds; %d failed hops", len(table), len(compounds),
             len(failures))
