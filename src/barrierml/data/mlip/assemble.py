"""One table row per directed hop and mechanism; failed NEBs go to a failures table instead."""

from pathlib import Path

import pandas as pd
from ase.io import read

from barrierml.data.mlip import descriptors
from barrierml.data.mlip.compositions import NEB_MECHANISMS, species
from barrierml.data.mlip.neb import failure
from barrierml.io import read_json


def formation_energy(record, mechanism, reverse, mu):
    """E_f (eV) of the hop's initial state: the defect supercell against the perfect one, with
    the removed or added X atom at the chemical potential `mu` (bcc metal, same potential)."""
    initial = record["e_final_eV"] if reverse else record["e_initial_eV"]
    sign = 1.0 if mechanism == "vacancy" else -1.0
    return initial - record["e_perfect_eV"] + sign * mu


def start(record):
    """How the hop's end states started: along the hop, or (a dumbbell's second start) turned."""
    turns = record.get("turns_deg", [0, 0])
    return "turned {}°/{}°".format(*turns) if any(turns) else "along the hop"


def judge(record, settings):
    """Why the hop is no table row ('' if it is one): neb.failure's checks, then the ceiling
    `max_barrier_meV`, which no NEB job applies, so changing it reruns no NEB."""
    reason = failure(record, settings)
    top = max(record["forward_meV"], record["reverse_meV"])
    if not reason and top > settings["max_barrier_meV"]:
        reason = (f"barrier {top:.0f} meV above the {settings['max_barrier_meV']:g} meV ceiling "
                  "(data.builder.max_barrier_meV): the band is not a hop along the edge")
    return reason


def rows(composition, ions, prim, paths, nebs, shared, mu, settings):
    """(rows, failures) of one compound. `nebs[(mechanism, edge)]` holds NEB records, judged
    here by `judge` with the NEB `settings` and the ceiling; `shared` the compound's
    descriptors (elemental, B, ω_LEO, E_d, ...)."""
    x, a, z = ions
    table, failures = [], []
    for edge, path in enumerate(paths):
        directions = [("f", False), ("r", True)] if path["reverse_distinct"] else [("", False)]
        for tag, reverse in directions:
            geometry = descriptors.hop(prim, path, x, a, z, reverse)
            for mechanism in NEB_MECHANISMS:
                record = nebs[(mechanism, edge)]
                ident = {"compound": composition, "mechanism": mechanism,
                         "path_id": f"e{edge}{tag}"}
                reason = judge(record, settings)
                if reason:
                    if record.get("aligned_failure"):
                        reason += f"; from the start along the hop: {record['aligned_failure']}"
                    failures.append({**ident, "reason": reason})
                    continue
                table.append({
                    **ident,
                    "barrier_meV": record["reverse_meV"] if reverse else record["forward_meV"],
                    **shared, **geometry,
                    "E_f": formation_energy(record, mechanism, reverse, mu),
                    "multiplicity": path["multiplicity"],
                    "supercell": record["supercell"], "neb_steps": record["neb_steps"],
                    "start": start(record),
                })
    return table, failures


def collect(base, compositions, settings):
    """(table, failures, compounds) DataFrames of the Data stage from its files under `base`
    (`<composition>/structure.extxyz`, `paths.json`, `phase.json`, `properties.json`,
    `neb/<mechanism>_<edge>.json`)."""
    table, failures, compounds = [], [], []
    for composition in compositions:
        folder = Path(base) / composition
        ions = species(composition)
        prim = read(folder / "structure.extxyz", format="extxyz")
        paths = read_json(folder / "paths.json")
        phase = read_json(folder / "phase.json")
        props = read_json(folder / "properties.json")
        nebs = {(m, e): read_json(folder / "neb" / f"{m}_{e}.json")
                for m in NEB_MECHANISMS for e in range(len(paths))}
        computed = {"B": props["B"], "omega_LEO": props["omega_LEO"], "E_d": props["E_d"]}
        shared = {**descriptors.compound(prim, *ions), **computed, "phase": phase["phase"],
                  "space_group": phase["space_group"]}
        good, bad = rows(composition, ions, prim, paths, nebs, shared, props["mu_X_eV"], settings)
        table += good
        failures += bad
        edges = sum(p["multiplicity"] for p in paths)  # 12 per octahedron if none is broken
        octahedra = prim.get_chemical_symbols().count(ions[1])
        compounds.append({**{k: v for k, v in phase.items() if not isinstance(v, list)},
                          "octahedra_intact": edges == 12 * octahedra, **computed,
                          "barriers": len(good), "failed": len(bad)})
    return (pd.DataFrame(table),
            pd.DataFrame(failures, columns=["compound", "mechanism", "path_id", "reason"]),
            pd.DataFrame(compounds))
