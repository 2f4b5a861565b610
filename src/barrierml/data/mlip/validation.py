"""Checks of the Data stage: reference barriers against published DFT, and settings convergence."""

import pandas as pd

from barrierml.data.mlip import neb, paths, structures
from barrierml.data.mlip.assemble import judge
from barrierml.data.mlip.compositions import NEB_MECHANISMS, mechanism_settings


def cubic_barriers(x, a, z, calc, structure_settings, neb_settings, dumbbell_settings):
    """Vacancy and dumbbell NEB records of the cubic cell's one path (the DFT reference cases)."""
    cell, _ = structures.relax(structures.cubic(x, a, z), calc, fmax=structure_settings["fmax"],
                               steps=structure_settings["steps"])
    prim = paths.primitive(cell, structure_settings["symprec"])
    path = paths.distinct_paths(prim, x, a, structure_settings["symprec"])[0]
    out = {"lattice_A": float(cell.cell.lengths()[0])}
    for mechanism in NEB_MECHANISMS:
        settings = mechanism_settings(mechanism, neb_settings, dumbbell_settings)
        out[mechanism] = neb.run(prim, path, mechanism, a, calc, settings)
    return out


def against_dft(records, dft, settings):
    """One row per potential x mechanism: the MLIP barrier beside the published DFT range, judged
    as the table judges its rows (`settings`: the NEB checks and the ceiling)."""
    rows = []
    for potential, record in records.items():
        for mechanism, (low, high) in dft.items():
            value = record[mechanism]["forward_meV"]
            rows.append({"potential": potential, "mechanism": mechanism,
                         "lattice_A": record["lattice_A"], "barrier_meV": value,
                         "dft_low_meV": low, "dft_high_meV": high,
                         "below_dft_meV": max(low - value, 0.0),
                         "failure": judge(record[mechanism], settings)})
    return pd.DataFrame(rows)


def convergence(base, check, settings):
    """Barrier changes (meV) between the dataset's NEB settings and the larger check settings,
    with each band's verdict as the table would judge it (`settings`: NEB checks and ceiling)."""
    rows = []
    for key in base:
        verdicts = {f"{kind}_failure": judge(records[key], settings)
                    for kind, records in (("dataset", base), ("check", check))}
        for direction in ("forward_meV", "reverse_meV"):
            rows.append({"case": key, "direction": direction[:-4],
                         "dataset_meV": base[key][direction], "check_meV": check[key][direction],
                         "dataset_cell": base[key]["supercell"], "check_cell": check[key]["supercell"],
                         "dataset_images": base[key]["images"], "check_images": check[key]["images"],
                         "change_meV": check[key][direction] - base[key][direction], **verdicts})
    return pd.DataFrame(rows)
