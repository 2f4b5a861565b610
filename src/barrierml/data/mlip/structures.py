"""Anti-perovskite X3AZ cells: the cubic aristotype, a tilted candidate, and their relaxation.

Cubic: A (chalcogen) at the body centre, Z (halogen) at the corners, X (alkali) at the face
centres, so X6 octahedra around A share corners. The tilted candidate is the 2x2x2 pseudo-cubic
cell with the a-b+a- (GdFeO3, Pnma) tilt pattern applied to the octahedra as rigid rotations.
"""

import warnings

import numpy as np
from ase import Atoms
from ase.constraints import FixSymmetry
from ase.filters import FrechetCellFilter
from ase.optimize import BFGS

from barrierml.data.mlip.compositions import formula
from barrierml.data.mlip.elements import shannon_radius
from barrierml.data.mlip.paths import primitive, space_group

# Glazer a-b+a-: rotation angle sign per axis; '+' in-phase along the axis, '-' anti-phase.
TILTS = (-1, +1, -1)


def cubic(x, a, z, lattice=None):
    """The 5-atom cubic cell; the lattice guess is 2 (r_X + r_A) scaled to typical contraction."""
    if lattice is None:
        lattice = 1.8 * (shannon_radius(x) + shannon_radius(a))
    frac = [(0.5, 0.5, 0.5), (0, 0, 0), (0.5, 0.5, 0), (0.5, 0, 0.5), (0, 0.5, 0.5)]
    return Atoms([a, z, x, x, x], scaled_positions=frac, cell=[lattice] * 3, pbc=True)


def tilted(cell, angle=8.0):
    """The 2x2x2 supercell of a cubic cell with a-b+a- rigid octahedral tilts of `angle` degrees.

    Each X is the shared vertex of two octahedra; a small rotation of the octahedron centred at
    integer site n moves its vertex at n + e/2 by phi s(n) (axis x e/2), and the sign patterns of
    the Glazer tilts make both octahedra agree on every vertex.
    """
    big = cell.repeat(2)
    a = cell.cell.lengths()[0]
    phi = np.radians(angle)
    pos = big.get_positions()
    for k, atom in enumerate(big):
        if atom.symbol != cell[2].symbol:
            continue
        frac = pos[k] / a - 0.5  # A (octahedron centres) at integers, X half-integer in one axis
        centre = np.floor(frac + 0.25)
        offset = frac - centre
        for axis, sign in enumerate(TILTS):
            others = centre.sum() - centre[axis]
            s = (-1) ** int(others if sign > 0 else centre.sum())
            pos[k] += phi * s * np.cross(np.eye(3)[axis], offset) * a
    big.set_positions(pos)
    return big


def relax(atoms, calc, fmax=0.005, steps=500, symmetric=True):
    """Relax positions and cell (keeping the space group if `symmetric`); return (atoms, converged)."""
    atoms = atoms.copy()
    atoms.calc = calc
    if symmetric:
        atoms.set_constraint(FixSymmetry(atoms, symprec=1e-3))
    opt = BFGS(FrechetCellFilter(atoms), logfile=None)
    with warnings.catch_warnings():  # scipy's logm of the cell strain: errors of ~1e-13
        warnings.filterwarnings("ignore", "logm result may be inaccurate", RuntimeWarning)
        converged = bool(opt.run(fmax=fmax, steps=steps))
    atoms.set_constraint()
    return atoms, converged


def energy_per_atom(atoms, calc):
    atoms = atoms.copy()
    atoms.calc = calc
    return float(atoms.get_potential_energy()) / len(atoms)


def ground_phase(x, a, z, calc, settings):
    """Relax the cubic cell and (if asked) the tilted candidate; keep the lower in energy.

    Returns (primitive cell of the kept phase, record). The tilted phase is kept only when it
    lies more than `tilt_threshold_meV` per atom below the cubic one.
    """
    cub, ok = relax(cubic(x, a, z), calc, fmax=settings["fmax"], steps=settings["steps"])
    e_cub = energy_per_atom(cub, calc)
    record = {"composition": formula(x, a, z), "cubic_a_A": float(cub.cell.lengths()[0]),
              "cubic_eV_per_atom": e_cub, "cubic_relaxed": ok}
    kept, phase = cub, "cubic"
    if settings["tilted"]:
        tilt, ok_t = relax(tilted(cub, settings["tilt_angle"]), calc, fmax=settings["fmax"],
                           steps=settings["steps"])
        e_tilt = energy_per_atom(tilt, calc)
        record.update({"tilted_eV_per_atom": e_tilt, "tilted_relaxed": ok_t,
                       "tilted_minus_cubic_meV_per_atom": 1000 * (e_tilt - e_cub)})
        if 1000 * (e_tilt - e_cub) < -settings["tilt_threshold_meV"]:
            kept, phase = tilt, "tilted"
    prim = primitive(kept, settings["symprec"])
    record.update({"phase": phase, "space_group": space_group(prim, settings["symprec"]),
                   "atoms": len(prim), "cell_A": prim.cell.cellpar().round(4).tolist(),
                   "volume_A3_per_atom": prim.get_volume() / len(prim)})
    return prim, record
