"""Descriptor rows of new compositions without NEB, for prediction: the builder's phase, paths
and per-hop descriptors, computing only the descriptors asked for (no reference, phonon or
defect relaxation that no model reads)."""

import time

from barrierml.data.mlip import descriptors
from barrierml.data.mlip.assemble import formation_energy
from barrierml.data.mlip.compositions import species
from barrierml.data.mlip.elements import polarizability, shannon_radius
from barrierml.data.mlip.neb import end_energies
from barrierml.data.mlip.paths import distinct_paths
from barrierml.data.mlip.properties import (
    bulk_modulus,
    gamma_frequencies,
    lowest_optical,
    reference,
    relaxed_energy_per_formula,
)
from barrierml.data.mlip.structures import energy_per_atom, ground_phase


def check_ions(composition, keys):
    """Raise the InputError of the first ion datum `keys` need that the tables lack, before any
    relaxation: Shannon radii always (the hop geometry), polarizabilities where asked for."""
    for tag, symbol in zip(("C", "O", "F"), species(composition)):
        shannon_radius(symbol)
        if f"alpha_{tag}" in keys:
            polarizability(symbol)


def _reference_energy(kind, x, anion, calc, settings, atoms_per_formula):
    return relaxed_energy_per_formula(reference(kind, x, anion), calc, atoms_per_formula,
                                      settings["fmax"], settings["steps"])[0]


def properties(prim, x, a, z, calc, settings, keys):
    """B (GPa), ω_LEO (THz) and E_d (meV/atom) as data_build_properties computes them, each
    only when in `keys`."""
    out = {}
    if "B" in keys:
        out["B"] = bulk_modulus(prim, calc)
    if "omega_LEO" in keys:
        out["omega_LEO"] = lowest_optical(gamma_frequencies(prim, calc))
    if "E_d" in keys:
        products = (_reference_energy("chalcogenide", x, a, calc, settings, 3)
                    + _reference_energy("halide", x, z, calc, settings, 2))
        out["E_d"] = 1000 * (products - 5 * energy_per_atom(prim, calc)) / 5
    return out


def describe(composition, keys, builder, calc, log=print, geometry=None):
    """Rows (dicts) of one composition: `compound`, `mechanism`, `path_id`, and the descriptors
    in `keys[mechanism]` (a mechanism of NEB_MECHANISMS), for every directed hop as the builder
    enumerates them. `builder` is the run's data.builder config and `calc(name)` gives a
    potential's calculator. As in the table, a mechanism's geometry and E_f come from the host
    relaxed with the potential of its barriers, `geometry[mechanism]` (default: the host
    potential, builder["potential"]), and B, ω_LEO and E_d from the host potential. E_f comes
    from end states started along the hop (the NEB's first start), relaxed as a NEB job does."""
    x, a, z = species(composition)
    host = builder["potential"]
    groups = {}
    for mechanism in keys:
        groups.setdefault((geometry or {}).get(mechanism, host), []).append(mechanism)
    started = time.perf_counter()
    cells = {}

    def timed(line):
        log(f"{line} ({time.perf_counter() - started:.0f} s)")

    def cell(name):
        """(primitive cell, phase, paths) of the composition relaxed with potential `name`."""
        if name not in cells:
            prim, phase = ground_phase(x, a, z, calc(name), builder["structure"])
            paths = distinct_paths(prim, x, a, builder["structure"]["symprec"])
            timed(f"{composition}: {phase['phase']} ({phase['space_group']}) with {name}, "
                  f"{len(paths)} distinct edges")
            cells[name] = prim, phase, paths
        return cells[name]

    wanted = set().union(*keys.values())
    shared = (properties(cell(host)[0], x, a, z, calc(host), builder["structure"], wanted)
              if wanted & {"B", "omega_LEO", "E_d"} else {})
    rows = []
    for name, mechanisms in groups.items():
        rows += _rows(composition, cell(name), {m: keys[m] for m in mechanisms}, shared,
                      calc(name), builder, timed)
    return rows


def _rows(composition, cell, keys, shared, calc, builder, log):
    """The rows of the mechanisms in `keys` on one relaxed cell (prim, phase, paths)."""
    x, a, z = species(composition)
    prim, phase, paths = cell
    wanted = set().union(*keys.values())
    shared = {"phase": phase["phase"], "space_group": phase["space_group"],
              **descriptors.compound(prim, x, a, z, wanted), **shared}
    mu = None
    if any("E_f" in wanted for wanted in keys.values()):
        mu = _reference_energy("metal", x, None, calc, builder["structure"], 1)
    rows = []
    for edge, path in enumerate(paths):
        energies = {m: end_energies(prim, path, m, a, calc, builder["neb"])
                    for m in keys if "E_f" in keys[m]}
        directions = [("f", False), ("r", True)] if path["reverse_distinct"] else [("", False)]
        for tag, reverse in directions:
            geometry = descriptors.hop(prim, path, x, a, z, reverse)
            for mechanism in keys:
                row = {"compound": composition, "mechanism": mechanism,
                       "path_id": f"e{edge}{tag}", **shared, **geometry,
                       "multiplicity": path["multiplicity"]}
                if mechanism in energies:
                    row["E_f"] = formation_energy(energies[mechanism], mechanism, reverse, mu)
                rows.append(row)
        if energies:
            log(f"{composition}: edge {edge} end states relaxed")
    return rows
