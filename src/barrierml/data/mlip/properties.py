"""Per-compound properties from the same potential: bulk modulus, ω_LEO, reference energies."""

import numpy as np
from ase import Atoms
from ase.build import bulk
from ase.constraints import FixSymmetry
from ase.eos import EquationOfState
from ase.optimize import BFGS
from ase.units import GPa

from barrierml.data.mlip.elements import shannon_radius
from barrierml.data.mlip.structures import relax


def bulk_modulus(atoms, calc, strain=0.04, points=7):
    """Birch-Murnaghan fit (GPa) to energies of uniformly scaled cells, ions relaxed in each."""
    volumes, energies = [], []
    for scale in np.linspace(1 - strain, 1 + strain, points):
        cell = atoms.copy()
        cell.set_cell(atoms.cell[:] * scale ** (1 / 3), scale_atoms=True)
        cell.calc = calc
        if len(cell) > 5:  # the 5-atom cubic cell has no free internal coordinate
            cell.set_constraint(FixSymmetry(cell, symprec=1e-3))
            BFGS(cell, logfile=None).run(fmax=0.01, steps=200)
        volumes.append(cell.get_volume())
        energies.append(cell.get_potential_energy())
    _, _, b = EquationOfState(volumes, energies, eos="birchmurnaghan").fit()
    return float(b / GPa)


def gamma_frequencies(atoms, calc, distance=0.01):
    """Γ-point phonon frequencies (THz, imaginary as negative) by phonopy finite displacements
    in the cell itself, which is exact at Γ."""
    from phonopy import Phonopy
    from phonopy.structure.atoms import PhonopyAtoms

    unit = PhonopyAtoms(symbols=atoms.get_chemical_symbols(), cell=atoms.cell[:],
                        scaled_positions=atoms.get_scaled_positions())
    phonon = Phonopy(unit, supercell_matrix=np.eye(3, dtype=int))
    phonon.generate_displacements(distance=distance)
    forces = []
    for cell in phonon.supercells_with_displacements:
        displaced = Atoms(cell.symbols, cell=cell.cell, scaled_positions=cell.scaled_positions,
                          pbc=True)
        displaced.calc = calc
        forces.append(displaced.get_forces())
    phonon.forces = forces
    phonon.produce_force_constants()
    phonon.symmetrize_force_constants()
    return np.sort(phonon.get_frequencies([0, 0, 0]))


def lowest_optical(frequencies):
    """ω_LEO: the lowest frequency once the three acoustic modes (nearest zero) are removed."""
    acoustic = np.argsort(np.abs(frequencies))[:3]
    return float(np.delete(frequencies, acoustic).min())


def reference(kind, cation, anion=None):
    """Unrelaxed reference cell: 'metal' (bcc X), 'chalcogenide' (anti-fluorite X2A) or
    'halide' (rock-salt XZ)."""
    r = shannon_radius(cation)
    if kind == "metal":
        return bulk(cation, "bcc", a=2.3 * r + 1.7, cubic=True)
    if kind == "chalcogenide":
        a = 4 * (r + shannon_radius(anion)) / np.sqrt(3)
        return bulk(f"{anion}{cation}2", "fluorite", a=a)
    if kind == "halide":
        return bulk(f"{cation}{anion}", "rocksalt", a=2 * (r + shannon_radius(anion)))
    raise ValueError(f"unknown reference kind {kind!r}")


def relaxed_energy_per_formula(atoms, calc, formula_atoms, fmax=0.005, steps=500):
    """Energy (eV) per formula unit of `formula_atoms` atoms after a symmetric full relaxation."""
    relaxed, ok = relax(atoms, calc, fmax=fmax, steps=steps)
    relaxed.calc = calc
    per_atom = float(relaxed.get_potential_energy()) / len(relaxed)
    return per_atom * formula_atoms, ok, relaxed
