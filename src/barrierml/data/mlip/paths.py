"""Cation hops along octahedron edges, grouped into symmetry-distinct paths.

Every A (chalcogen) sits in an X6 octahedron; its 12 edges join cis pairs of X. Two edges are the
same path when a space-group operation of the relaxed cell maps one onto the other.
"""

import itertools

import numpy as np
import spglib
import spglib.error
from ase import Atoms
from ase.neighborlist import neighbor_list

spglib.error.OLD_ERROR_HANDLING = False  # raise SpglibError instead of returning None


def primitive(atoms, symprec=1e-3):
    """The standardised primitive cell (spglib), so a cubic cell has 5 atoms and Pnma 20."""
    lattice, frac, numbers = spglib.standardize_cell(
        (atoms.cell[:], atoms.get_scaled_positions(), atoms.numbers),
        to_primitive=True, symprec=symprec)
    return Atoms(numbers=numbers, cell=lattice, scaled_positions=frac, pbc=True)


def space_group(atoms, symprec=1e-3):
    return spglib.get_spacegroup((atoms.cell[:], atoms.get_scaled_positions(), atoms.numbers),
                                 symprec=symprec)


def octahedra(atoms, cation, centre):
    """{A index: [(X index, lattice shift), ...]} with the 6 nearest X around each A."""
    cutoff = 1.5 * _shortest(atoms, cation, centre)  # the 6 vertices; the next X shell is ≥ 2.2×
    i, j, d, shift = neighbor_list("ijdS", atoms, cutoff)
    symbols = np.array(atoms.get_chemical_symbols())
    found = {}
    for a in np.flatnonzero(symbols == centre):
        mine = np.flatnonzero((i == a) & (symbols[j] == cation))
        nearest = mine[np.argsort(d[mine], kind="stable")[:6]]
        if len(nearest) < 6:
            raise ValueError(f"{centre} site {a} has {len(nearest)} {cation} neighbours, not 6")
        found[int(a)] = [(int(j[k]), tuple(int(s) for s in shift[k])) for k in nearest]
    return found


def _shortest(atoms, cation, centre):
    symbols = np.array(atoms.get_chemical_symbols())
    a = np.flatnonzero(symbols == centre)[0]
    d = atoms.get_distances(a, np.flatnonzero(symbols == cation), mic=True)
    return float(d.min())


def edges(atoms, cation, centre):
    """Every octahedron edge as (i, j, shift of j relative to i), i.e. cis X pairs of one A."""
    cell = atoms.cell[:]
    pos = atoms.get_positions()
    found = set()
    for a, vertices in octahedra(atoms, cation, centre).items():
        for (i, si), (j, sj) in itertools.combinations(vertices, 2):
            vi = pos[i] + np.dot(si, cell) - pos[a]
            vj = pos[j] + np.dot(sj, cell) - pos[a]
            cos = vi @ vj / np.linalg.norm(vi) / np.linalg.norm(vj)
            if cos > -0.5:  # cis (about 90°), not the trans vertex (about 180°)
                found.add(_canonical(i, j, np.subtract(sj, si)))
    return sorted(found)


def _canonical(i, j, shift):
    shift = tuple(int(s) for s in shift)
    back = tuple(-s for s in shift)
    return min((i, j, shift), (j, i, back))


def distinct_paths(atoms, cation, centre, symprec=1e-3):
    """Symmetry-distinct edges, each with its multiplicity and whether its reverse is distinct.

    A hop i -> j and its reverse j -> i share one NEB but are different paths (different initial
    states) unless an operation swaps i and j; Pnma has 6 distinct edges and 12 distinct hops.
    """
    frac = atoms.get_scaled_positions(wrap=False)
    sym = spglib.get_symmetry((atoms.cell[:], frac, atoms.numbers), symprec=symprec)
    ops = list(zip(sym["rotations"], sym["translations"]))
    known = set(edges(atoms, cation, centre))
    paths, seen = [], set()
    for i, j, shift in sorted(known):
        if (i, j, shift) in seen:
            continue
        images = {_apply(op, frac, i, j, shift, symprec) for op in ops}
        if any(_canonical(*e) not in known for e in images):
            raise ValueError("a symmetry operation maps an octahedron edge onto a non-edge")
        seen |= {_canonical(*e) for e in images}
        reverse = (j, i, tuple(-s for s in shift))
        paths.append({"i": i, "j": j, "shift": shift,
                      "multiplicity": len({_canonical(*e) for e in images}),
                      "reverse_distinct": reverse not in images})
    return paths


def _apply(op, frac, i, j, shift, symprec):
    """The directed edge (k_i, k_j, shift) that `op` maps i -> j onto."""
    rot, trans = op
    ki, li = _image(frac, rot @ frac[i] + trans, symprec)
    kj, lj = _image(frac, rot @ (frac[j] + shift) + trans, symprec)
    return ki, kj, tuple(int(v) for v in np.subtract(lj, li))


def _image(frac, point, symprec):
    """(atom index, lattice shift) of the atom at fractional `point`."""
    delta = point - frac
    lattice = np.round(delta)
    k = int(np.argmin(np.linalg.norm(delta - lattice, axis=1)))
    if np.linalg.norm(delta[k] - lattice[k]) > 10 * symprec:
        raise ValueError("a symmetry operation maps an atom onto no atom")
    return k, tuple(int(v) for v in lattice[k])
