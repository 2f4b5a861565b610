"""Defect end states and climbing-image NEB for one hop, vacancy or interstitial dumbbell.

The hop i -> j lives in a supercell of the primitive cell. Atoms farther than `free_radius` from
the hop's midpoint are fixed. The vacancy hop moves the atom at i into the empty site j. The
dumbbell hop is an interstitialcy (knock-on): a <100>-like split pair at i, oriented across i's
A-X-A axis towards j, sends one atom to pair with the lattice atom at j while the other settles at i.
"""

import math
import time

import numpy as np
from ase.constraints import FixAtoms
from ase.mep import NEB
from ase.mep.neb import NEBOptimizer
from ase.optimize import BFGS, FIRE

from barrierml.data.mlip.compositions import NEB_MECHANISMS
from barrierml.data.mlip.potential import copies

OPTIMIZERS = ("fire", "ode")

# The band algorithm's version, part of every band's key: raise it whenever a change here can
# alter a band's result under unchanged settings, so no record of the old algorithm is reused.
METHOD = 2


def repeats(cell, min_length, min_repeats=1):
    """Repeats per axis so every perpendicular width of the supercell is at least min_length
    and the cell repeats at least min_repeats times along every axis."""
    volume = abs(np.linalg.det(cell))
    widths = [volume / np.linalg.norm(np.cross(cell[(k + 1) % 3], cell[(k + 2) % 3]))
              for k in range(3)]
    return tuple(max(min_repeats, math.ceil(min_length / w - 1e-9)) for w in widths)


def hop_in_supercell(prim, path, n):
    """(supercell, index of site i, index of site j) for the primitive-cell hop `path`."""
    big = prim.repeat(n)
    pi = prim.positions[path["i"]]
    pj = prim.positions[path["j"]] + np.dot(path["shift"], prim.cell[:])
    return big, _nearest(big, pi), _nearest(big, pj)


def _nearest(atoms, point):
    """Index of the atom at `point` (up to a lattice vector)."""
    dist = np.linalg.norm([_mic(atoms, p - point) for p in atoms.positions], axis=1)
    k = int(np.argmin(dist))
    if dist[k] > 0.1:
        raise ValueError(f"no atom at {point} in the supercell")
    return k


def _mic(atoms, vector):
    frac = np.linalg.solve(atoms.cell[:].T, vector)
    return (frac - np.round(frac)) @ atoms.cell[:]


def _axis(atoms, k, centre):
    """Unit vector along the A-X-A line through cation site k (its two nearest A)."""
    symbols = np.array(atoms.get_chemical_symbols())
    anions = np.flatnonzero(symbols == centre)
    vec = np.array([_mic(atoms, atoms.positions[a] - atoms.positions[k]) for a in anions])
    near = np.argsort(np.linalg.norm(vec, axis=1))[:2]
    axis = vec[near[0]] - vec[near[1]]
    return axis / np.linalg.norm(axis)


def _pair(atoms, k, centre, direction, angle):
    """Unit vector of a split pair at site k: perpendicular to k's A-X-A axis, turned by `angle`
    (radians) about that axis from the part of `direction` perpendicular to it."""
    axis = _axis(atoms, k, centre)
    v = direction - (direction @ axis) * axis
    v /= np.linalg.norm(v)
    return math.cos(angle) * v + math.sin(angle) * np.cross(axis, v)


def end_states(big, i, j, mechanism, centre, split=1.0, turns=(0.0, 0.0)):
    """(initial, final, sites) unrelaxed end states with the same atom order. `sites` holds, per
    state, the defect's occupied sites as (atom indices, site position): the hopping atom, or a
    dumbbell pair whose centre is the site (the pair may turn while it relaxes). `turns` are the
    dumbbell's angles about the axis at i (initial) and at j (final); 0 points the pair along
    the hop."""
    hop = _mic(big, big.positions[j] - big.positions[i])
    pi = big.positions[i].copy()
    pj = pi + hop
    if mechanism == "vacancy":
        initial = big.copy()
        del initial[j]
        k = i if i < j else i - 1
        final = initial.copy()
        final.positions[k] = pj
        return initial, final, ([((k,), pi)], [((k,), pj)])
    if mechanism != "interstitial":
        raise ValueError(f"unknown mechanism {mechanism!r}; choose one of {NEB_MECHANISMS}")
    ui = _pair(big, i, centre, hop, turns[0])
    uj = _pair(big, j, centre, hop, turns[1])
    initial = big.copy()
    initial.append(big[i])
    new = len(initial) - 1
    initial.positions[i] = pi - split * ui
    initial.positions[new] = pi + split * ui
    final = initial.copy()
    final.positions[i] = pi
    final.positions[new] = pj - split * uj
    final.positions[j] = pj + split * uj
    sites = ([((i, new), pi), ((j,), pj)], [((new, j), pj), ((i,), pi)])
    return initial, final, sites


def fix_far(atoms, midpoint, radius):
    """Fix every atom farther than `radius` (minimum image) from `midpoint`."""
    far = [k for k, p in enumerate(atoms.positions)
           if np.linalg.norm(_mic(atoms, p - midpoint)) > radius]
    atoms.set_constraint(FixAtoms(indices=far))
    return len(atoms) - len(far)


def relax_positions(atoms, calc, fmax, steps):
    """(energy, converged, optimiser steps) of a BFGS relaxation of the free atoms."""
    atoms.calc = calc
    opt = BFGS(atoms, logfile=None)
    converged = bool(opt.run(fmax=fmax, steps=steps))
    return float(atoms.get_potential_energy()), converged, opt.nsteps


def _starts(big, i, j, mechanism, centre, calc, settings, midpoint, angles):
    """(initial, final, sites, turns, free atoms): the end states, constrained, ready to relax.
    With several `angles`, a dumbbell end is the lowest of those turns after `screen_steps`
    optimiser steps, kept as it stands after those steps."""
    chosen = []
    for end in (0, 1):
        candidates = []
        for angle in angles:
            state = end_states(big, i, j, mechanism, centre, settings["split"], (angle, angle))[end]
            free = fix_far(state, midpoint, settings["free_radius"])
            energy = 0.0
            if len(angles) > 1:
                energy = relax_positions(state, calc, settings["fmax"], settings["screen_steps"])[0]
            candidates.append((energy, angle, state))
        chosen.append(min(candidates, key=lambda candidate: candidate[0]))
    sites = end_states(big, i, j, mechanism, centre, settings["split"])[2]
    return chosen[0][2], chosen[1][2], sites, [chosen[0][1], chosen[1][1]], free


def _match(initial, final, pairs):
    """Swap the two (identical) atoms of each end's dumbbell `pairs` so that the atoms of the
    hop move least between the end states (the least squared displacement over both pairs);
    a turned pair may face either way, and a crossing mapping puts atoms on top of each other
    in the band."""
    atoms = sorted({k for pair in pairs for k in pair})
    options = []
    for swaps in ((False, False), (True, False), (False, True), (True, True)):
        start, end = initial.positions.copy(), final.positions.copy()
        for swap, state, (a, b) in zip(swaps, (start, end), pairs):
            if swap:
                state[[a, b]] = state[[b, a]]
        moved = sum(np.linalg.norm(_mic(initial, end[k] - start[k])) ** 2 for k in atoms)
        options.append((moved, start, end))
    _, start, end = min(options, key=lambda option: option[0])
    initial.positions, final.positions = start, end


def relax_ends(initial, final, sites, mechanism, calc, settings):
    """Relax both end states in place and, for a dumbbell, pair its atoms across the ends as
    the band needs them: (their energies and whether both relaxed, optimiser steps of both)."""
    e0, ok0, n0 = relax_positions(initial, calc, settings["fmax"], settings["steps"])
    e1, ok1, n1 = relax_positions(final, calc, settings["fmax"], settings["steps"])
    if mechanism == "interstitial":
        _match(initial, final, (sites[0][0][0], sites[1][0][0]))
    return {"e_initial_eV": e0, "e_final_eV": e1, "ends_relaxed": ok0 and ok1}, n0 + n1


def band(initial, final, calc, images, fmax, steps, log=None, optimizer="fire"):
    """Climbing-image NEB between relaxed end states: a dict with the image energies, whether
    it converged, its steps, the force evaluations of the band, the residual force (largest
    NEB force on an image, eV/Å) and the positions of every frame's free atoms (Å, for a
    restart or a refinement). FIRE runs the climbing-image band to `fmax` (the largest NEB
    force on any image). With `optimizer` "ode", ASE's adaptive ODE solver first converges the
    band without a climbing image to `fmax`, and FIRE then climbs from there: the solver
    cannot climb itself (ASE 3.29 leaves the climbing image out of its residual, and a band
    solved with it climbing can stop far from any saddle)."""
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"unknown NEB optimizer {optimizer!r}; choose one of {OPTIMIZERS}")
    frames = [initial] + [initial.copy() for _ in range(images)] + [final]
    for frame, image_calc in zip(frames[1:], copies(calc, images + 1)):
        frame.set_constraint(initial.constraints)
        frame.calc = image_calc
    neb = NEB(frames, climb=optimizer == "fire", method="improvedtangent")
    neb.interpolate("idpp", mic=True)
    evaluations = steps_taken = 0
    if optimizer == "ode":
        solver = NEBOptimizer(neb, logfile=log)
        evaluate, calls = solver.force_function, []

        def counted(x):
            calls.append(1)
            return evaluate(x)

        solver.force_function = counted
        solver.run(fmax=fmax, steps=steps)
        evaluations, steps_taken = len(calls), solver.nsteps
        neb.climb = True
    opt = FIRE(neb, logfile=log)
    converged = bool(opt.run(fmax=fmax, steps=max(0, steps - steps_taken)))
    forces = neb.get_forces().reshape(images, -1, 3)
    fixed = set(initial.constraints[0].index) if initial.constraints else set()
    free = [k for k in range(len(initial)) if k not in fixed]
    return {"energies": np.array([f.get_potential_energy() for f in frames], dtype=float),
            "converged": converged, "steps": steps_taken + opt.nsteps,
            "evaluations": evaluations + opt.nsteps + 1,
            "residual_eV_A": float(np.linalg.norm(forces, axis=2).max()),
            "free_indices": free,
            "free_positions_A": [np.round(f.positions[free], 4).tolist() for f in frames]}


def drift(atoms, sites):
    """Largest distance of an occupied site's centre (its atom, or its pair's midpoint) from
    the site, in one relaxed end state."""
    worst = 0.0
    for group, site in sites:
        first = atoms.positions[group[0]]
        centre = first + np.mean([_mic(atoms, atoms.positions[k] - first) for k in group], axis=0)
        worst = max(worst, float(np.linalg.norm(_mic(atoms, centre - site))))
    return worst


def _attempt(starts, mechanism, calc, settings, log):
    """Relax the end states `starts` (from `_starts`), run the band, and record it all."""
    initial, final, sites, turns, free = starts
    ends, calls = relax_ends(initial, final, sites, mechanism, calc, settings)
    record = {"atoms": len(initial), "free_atoms": free,
              "turns_deg": [round(math.degrees(turn)) for turn in turns], **ends,
              "drift_initial_A": drift(initial, sites[0]), "drift_final_A": drift(final, sites[1])}
    images = settings["images"]
    # Ends that fail a check fail the hop whatever the band does: take no band step then.
    steps = 0 if _end_failure(record, settings) else settings["band_steps"]
    result = band(initial, final, calc, images, settings["fmax"], steps, log,
                  settings["optimizer"])
    energies = result["energies"]
    top = float(energies.max())
    record.update({"energies_eV": energies.tolist(), "neb_converged": result["converged"],
                   "neb_steps": int(result["steps"]), "saddle_image": int(energies.argmax()),
                   "residual_eV_A": result["residual_eV_A"],
                   "free_indices": result["free_indices"],
                   "free_positions_A": result["free_positions_A"],
                   "force_calls": calls + 2 + images * result["evaluations"],
                   "forward_meV": 1000 * (top - ends["e_initial_eV"]),
                   "reverse_meV": 1000 * (top - ends["e_final_eV"]),
                   "free_radius_A": settings["free_radius"], "images": images})
    record["failure"] = failure(record, settings)
    return record


def _hop(prim, path, mechanism, centre, calc, settings):
    """(repeats, energy of the perfect supercell, the arguments of `_starts`) of one hop."""
    n = repeats(prim.cell[:], settings["min_length"], settings["min_repeats"])
    big, i, j = hop_in_supercell(prim, path, n)
    perfect = big.copy()
    perfect.calc = calc
    midpoint = big.positions[i] + 0.5 * _mic(big, big.positions[j] - big.positions[i])
    return n, float(perfect.get_potential_energy()), (big, i, j, mechanism, centre, calc,
                                                      settings, midpoint)


def end_energies(prim, path, mechanism, centre, calc, settings):
    """The energies a NEB record holds for E_f, without the band: the perfect supercell and the
    two end states (started along the hop) relaxed as `run` relaxes them."""
    n, e_perfect, hop = _hop(prim, path, mechanism, centre, calc, settings)
    ends, _ = relax_ends(*_starts(*hop, [0.0])[:3], mechanism, calc, settings)
    return {"supercell": "x".join(map(str, n)), "e_perfect_eV": e_perfect, **ends}


def run(prim, path, mechanism, centre, calc, settings, log=None):
    """One NEB for hop `path` of the primitive cell `prim`: a dict with energies, both barriers,
    the checks and, if a check fails, the reason. A dumbbell starts along the hop; if that
    fails a check and `orientations` > 1, it starts again from the lowest of that many turns
    (evenly over [0, 180) degrees); the first failure is kept as `aligned_failure`, and the
    CPU seconds up to it as `aligned_cpu_s`."""
    clock = time.process_time()
    n, e_perfect, hop = _hop(prim, path, mechanism, centre, calc, settings)
    record = _attempt(_starts(*hop, [0.0]), mechanism, calc, settings, log)
    count = settings.get("orientations", 1) if mechanism == "interstitial" else 1
    if record["failure"] and count > 1:
        aligned = {"aligned_failure": record["failure"],
                   "aligned_cpu_s": round(time.process_time() - clock, 1)}
        starts = _starts(*hop, [math.pi * k / count for k in range(count)])
        if any(starts[3]):
            record = {**_attempt(starts, mechanism, calc, settings, log), **aligned}
    record.update({"supercell": "x".join(map(str, n)), "e_perfect_eV": e_perfect,
                   "cpu_s": round(time.process_time() - clock, 1)})
    return record


def failure(record, settings):
    """Why the hop is not a clean barrier, or '' if every check passes. Only stored
    measurements are used, so the table's assembly re-judges every record with current checks."""
    ends = _end_failure(record, settings)
    if ends:
        return ends
    dip = 1000 * (min(record["energies_eV"][1:-1])
                  - min(record["e_initial_eV"], record["e_final_eV"]))
    if dip < -settings["max_dip_meV"]:
        return f"an image lies {-dip:.0f} meV below the lower end state: an end is not a minimum"
    if not record["neb_converged"]:
        return f"NEB not converged in {record['neb_steps']} steps"
    if min(record["forward_meV"], record["reverse_meV"]) <= 0:
        return "no saddle: the band's highest point is an end state, which is then not a minimum"
    return ""


def _end_failure(record, settings):
    """Why the relaxed end states fail the hop before any band, or ''."""
    if not record["ends_relaxed"]:
        return "end state did not relax within the step limit"
    if max(record["drift_initial_A"], record["drift_final_A"]) > settings["max_drift"]:
        return (f"end state unstable: the defect left its site by "
                f"{max(record['drift_initial_A'], record['drift_final_A']):.2f} Å")
    return ""
