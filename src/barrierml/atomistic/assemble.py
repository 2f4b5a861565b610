"""One table row per directed hop and mechanism; failed NEBs go to a failures table instead."""

from barrierml.atomistic import descriptors
from barrierml.atomistic.compositions import NEB_MECHANISMS
from barrierml.atomistic.neb import failure

ABSENT = ["E_g", "eps_e", "eps_i", "eps", "alpha_bar", "BC_C", "BEC_C", "BC_O", "BEC_O",
          "BC_F", "BEC_F"]  # need DFT electronic structure: not computed by the Data stage


def formation_energy(record, mechanism, reverse, mu):
    """E_f (eV) of the hop's initial state: the defect supercell against the perfect one, with
    the removed or added X atom at the chemical potential `mu` (bcc metal, same potential)."""
    initial = record["e_final_eV"] if reverse else record["e_initial_eV"]
    sign = 1.0 if mechanism == "vacancy" else -1.0
    return initial - record["e_perfect_eV"] + sign * mu


def _start(record):
    """How the hop's end states started: along the hop, or (a dumbbell's second start) turned."""
    turns = record.get("turns_deg", [0, 0])
    return "turned {}°/{}°".format(*turns) if any(turns) else "along the hop"


def rows(composition, species, prim, paths, nebs, shared, mu, settings):
    """(rows, failures) of one compound. `nebs[(mechanism, edge)]` holds NEB records, judged
    here by neb.failure with the NEB `settings`; `shared` the compound's descriptors
    (elemental, B, ω_LEO, E_d, ...)."""
    x, a, z = species
    table, failures = [], []
    for edge, path in enumerate(paths):
        directions = [("f", False), ("r", True)] if path["reverse_distinct"] else [("", False)]
        for tag, reverse in directions:
            geometry = descriptors.hop(prim, path, x, a, z, reverse)
            for mechanism in NEB_MECHANISMS:
                record = nebs[(mechanism, edge)]
                ident = {"compound": composition, "mechanism": mechanism,
                         "path_id": f"e{edge}{tag}"}
                reason = failure(record, settings)
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
                    "start": _start(record),
                })
    return table, failures
