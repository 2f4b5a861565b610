"""Per-hop descriptors of paper Table 1 that structure and tabulated data give.

Conventions (also in data/antiperovskites.md): X is the cation C, A the octahedral anion O
(chalcogen), Z the framework anion F (halogen); radii are Shannon six-fold radii. A hop runs
from cation site i to site j; its midpoint is m.
"""

import functools
import itertools

import numpy as np
from scipy.spatial import ConvexHull

from barrierml.data.mlip.elements import electronegativity, mass, polarizability, shannon_radius

AMU_PER_A3_TO_G_PER_CM3 = 1.66053907
CN_FACTOR = 1.25  # an anion within 1.25 (r_C + r_anion) of the cation is a neighbour


def _ionicity(a, b):
    return 1.0 - np.exp(-((electronegativity(a) - electronegativity(b)) ** 2) / 4.0)


def compound(atoms, x, a, z, keys=None):
    """Descriptors shared by every hop of one compound: only `keys` when given, so that an ion
    datum the caller does not need (a polarizability, say) is never looked up."""
    volume = atoms.get_volume()
    symbols = atoms.get_chemical_symbols()
    recipes = {
        "V_a": lambda: volume / len(atoms),
        "rho_m": lambda: sum(mass(s) for s in symbols) / volume * AMU_PER_A3_TO_G_PER_CM3,
        "PF_A": lambda: sum(4 / 3 * np.pi * shannon_radius(s) ** 3
                            for s in symbols if s in (a, z)) / volume,
        "t": lambda: ((shannon_radius(z) + shannon_radius(x))
                      / (np.sqrt(2) * (shannon_radius(a) + shannon_radius(x)))),
        "I_C_Ch": lambda: _ionicity(x, a), "I_C_H": lambda: _ionicity(x, z),
        "I_Ch_H": lambda: _ionicity(a, z),
    }
    for tag, symbol in (("C", x), ("O", a), ("F", z)):
        for name, value in (("r", shannon_radius), ("m", mass), ("EN", electronegativity),
                            ("alpha", polarizability)):
            recipes[f"{name}_{tag}"] = functools.partial(value, symbol)
    return {key: float(recipe()) for key, recipe in recipes.items()
            if keys is None or key in keys}


def _environment(atoms, centre, radius):
    """Symbols and positions of every periodic image within `radius` of `centre`."""
    cell = atoms.cell[:]
    volume = abs(np.linalg.det(cell))
    reach = [int(np.ceil(radius * np.linalg.norm(np.cross(cell[(k + 1) % 3], cell[(k + 2) % 3]))
                         / volume)) + 1 for k in range(3)]
    symbols, points = [], []
    for shift in itertools.product(*(range(-n, n + 1) for n in reach)):
        pos = atoms.positions + np.dot(shift, cell)
        near = np.linalg.norm(pos - centre, axis=1) <= radius
        symbols += [s for s, keep in zip(atoms.get_chemical_symbols(), near) if keep]
        points.append(pos[near])
    return np.array(symbols), np.vstack(points)


def hop(atoms, path, x, a, z, reverse=False):
    """Geometry descriptors of the hop i -> j (or j -> i when `reverse`)."""
    start = atoms.positions[path["i"]]
    end = atoms.positions[path["j"]] + np.dot(path["shift"], atoms.cell[:])
    if reverse:
        start, end = end, start
    mid = (start + end) / 2
    ccd = float(np.linalg.norm(end - start))
    symbols, points = _environment(atoms, mid, ccd + 8.0)
    endpoint = (np.linalg.norm(points - start, axis=1) < 1e-3) | (
        np.linalg.norm(points - end, axis=1) < 1e-3)
    symbols, points = symbols[~endpoint], points[~endpoint]
    radii = np.array([shannon_radius(s) for s in symbols])
    anion = np.isin(symbols, [a, z])

    from_start = np.linalg.norm(points - start, axis=1)
    direction = (end - start) / ccd
    along = (points - start) @ direction
    across = np.linalg.norm(points - start - np.outer(along, direction), axis=1)
    beside = (along > 0) & (along < ccd)
    widths = np.sort(across[beside] - radii[beside])
    to_mid = np.linalg.norm(points - mid, axis=1)
    bounding = np.argsort(np.where(anion, to_mid, np.inf))[:2]
    cutoff = CN_FACTOR * (shannon_radius(x) + radii)
    return {
        "CCD": ccd,
        "COD": float(from_start[symbols == a].min()),
        "CFD": float(from_start[symbols == z].min()),
        "AAD": float(np.linalg.norm(points[bounding[0]] - points[bounding[1]])),
        "CN_C": int(np.sum(anion & (from_start <= cutoff))),
        "PW_c": float(widths[0]),
        "PW_2c": float(widths[1]),
        "PW": float(widths[0] + widths[1]),
        "D_i": float(2 * (to_mid - radii).min()),
        "V_octa": _octahedron_volume(symbols, points, start, end, x, a),
    }


def _octahedron_volume(symbols, points, start, end, x, a):
    """Volume of the X6 octahedron whose edge the hop follows (around the A nearest both ends)."""
    centres = points[symbols == a]
    centre = centres[np.argmin(np.linalg.norm(centres - start, axis=1)
                               + np.linalg.norm(centres - end, axis=1))]
    cations = np.vstack([points[symbols == x], start, end])
    vertices = cations[np.argsort(np.linalg.norm(cations - centre, axis=1))[:6]]
    return float(ConvexHull(vertices).volume)
