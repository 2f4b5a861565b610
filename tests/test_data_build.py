"""The Data stage's geometry, path enumeration, end states and bookkeeping (no potential needed)."""

import numpy as np
import pandas as pd
import pytest
import yaml
from ase.io import write
from support import ROOT

from barrierml.config import check_config
from barrierml.data.mlip import (
    assemble,
    describe,
    descriptors,
    elements,
    labels,
    neb,
    paths,
    properties,
    structures,
    validation,
)
from barrierml.data.mlip.compositions import (
    NEB_MECHANISMS,
    compositions,
    mechanism_settings,
    species,
)
from barrierml.data.mlip.elements import polarizability, shannon_radius
from barrierml.errors import InputError
from barrierml.io import write_json

A = 4.0  # lattice of a hand-checkable cubic Li3OCl


@pytest.fixture(scope="module")
def cubic():
    return paths.primitive(structures.cubic("Li", "O", "Cl", lattice=A))


@pytest.fixture(scope="module")
def pnma():
    return paths.primitive(structures.tilted(structures.cubic("K", "S", "I", lattice=6.0), 8.0))


def test_cubic_geometry_by_hand(cubic):
    path = paths.distinct_paths(cubic, "Li", "O")[0]
    got = descriptors.hop(cubic, path, "Li", "O", "Cl")
    r_o, r_f = shannon_radius("O"), shannon_radius("Cl")
    expected = {
        "CCD": A / np.sqrt(2), "COD": A / 2, "CFD": A / np.sqrt(2), "CN_C": 6,
        "AAD": A * np.sqrt(3) / 2,  # the O at the cube centre and the Cl at a corner
        "V_octa": A**3 / 6,  # regular octahedron of edge a/√2
        "PW_c": A * np.sqrt(2) / 4 - r_o,  # O sits a√2/4 off the edge's midpoint
        "PW_2c": A * np.sqrt(6) / 4 - r_f,  # two Cl corners a√6/4 off it
        "D_i": 2 * (A * np.sqrt(2) / 4 - r_o),
    }
    expected["PW"] = expected["PW_c"] + expected["PW_2c"]
    for key, value in expected.items():
        assert got[key] == pytest.approx(value, abs=1e-9), key


def test_compound_descriptors_by_hand(cubic):
    got = descriptors.compound(cubic, "Li", "O", "Cl")
    r_c, r_o, r_f = (shannon_radius(s) for s in ("Li", "O", "Cl"))
    assert got["V_a"] == pytest.approx(A**3 / 5)
    assert got["t"] == pytest.approx((r_f + r_c) / (np.sqrt(2) * (r_o + r_c)))
    assert got["PF_A"] == pytest.approx(4 / 3 * np.pi * (r_o**3 + r_f**3) / A**3)
    assert got["I_C_Ch"] == pytest.approx(1 - np.exp(-((0.98 - 3.44) ** 2) / 4))
    assert got["alpha_F"] == polarizability("Cl")


def test_descriptors_scale_with_the_lattice():
    small, big = (paths.primitive(structures.cubic("Na", "S", "Br", lattice=a)) for a in (5, 6))
    one, two = (descriptors.hop(c, paths.distinct_paths(c, "Na", "S")[0], "Na", "S", "Br")
                for c in (small, big))
    for key in ("CCD", "COD", "CFD", "AAD"):
        assert two[key] / one[key] == pytest.approx(1.2)
    assert two["V_octa"] / one["V_octa"] == pytest.approx(1.2**3)


def test_cubic_has_one_path(cubic):
    found = paths.distinct_paths(cubic, "Li", "O")
    assert len(paths.edges(cubic, "Li", "O")) == 12
    assert [(p["multiplicity"], p["reverse_distinct"]) for p in found] == [(12, False)]


def test_pnma_has_six_edges_and_twelve_hops(pnma):
    assert len(pnma) == 20 and paths.space_group(pnma).startswith("Pnma")
    found = paths.distinct_paths(pnma, "K", "S")
    assert len(paths.edges(pnma, "K", "S")) == 48  # 4 octahedra x 12 edges
    assert [p["multiplicity"] for p in found] == [8] * 6
    assert sum(1 + p["reverse_distinct"] for p in found) == 12  # the paper's 12 unique paths


def test_reverse_hop_starts_at_the_other_site(cubic):
    path = paths.distinct_paths(cubic, "Li", "O")[0]
    moved = cubic.copy()
    towards_o = cubic.positions[0] - cubic.positions[path["j"]]  # atom 0 is the O at the centre
    moved.positions[path["j"]] += 0.1 * towards_o / np.linalg.norm(towards_o)
    forward = descriptors.hop(moved, path, "Li", "O", "Cl")
    backward = descriptors.hop(moved, path, "Li", "O", "Cl", reverse=True)
    assert forward["CCD"] == pytest.approx(backward["CCD"])
    assert forward["COD"] == pytest.approx(A / 2)
    assert backward["COD"] == pytest.approx(A / 2 - 0.1)


def test_supercell_repeats_reach_the_minimum_width():
    assert neb.repeats(np.eye(3) * 3.9, 7.5) == (2, 2, 2)
    assert neb.repeats(np.diag([5.5, 7.8, 5.5]), 7.5) == (2, 1, 2)
    assert neb.repeats(np.eye(3) * 4.0, 8.0) == (2, 2, 2)
    # a tilted cell wide enough along b once still repeats there min_repeats times
    assert neb.repeats(np.diag([7.6, 10.6, 7.5]), 10.0, min_repeats=2) == (2, 2, 2)
    assert neb.repeats(np.eye(3) * 3.9, 10.0, min_repeats=2) == (3, 3, 3)


@pytest.mark.parametrize("mechanism", ["vacancy", "interstitial"])
def test_end_states_keep_atom_order_and_occupy_the_right_sites(cubic, mechanism):
    path = paths.distinct_paths(cubic, "Li", "O")[0]
    big, i, j = neb.hop_in_supercell(cubic, path, (2, 2, 2))
    initial, final, sites = neb.end_states(big, i, j, mechanism, "O", split=1.0)
    assert initial.get_chemical_symbols() == final.get_chemical_symbols()
    assert len(initial) == len(big) + (-1 if mechanism == "vacancy" else 1)
    moved = np.flatnonzero(np.linalg.norm(initial.positions - final.positions, axis=1) > 1e-9)
    assert set(moved) <= {k for group, _ in sites[0] for k in group}
    assert neb.drift(initial, sites[0]) < 1e-9 and neb.drift(final, sites[1]) < 1e-9
    hop = neb._mic(big, big.positions[j] - big.positions[i])
    occupied = [np.linalg.norm(neb._mic(big, site - big.positions[i])) for _, site in sites[0]]
    assert occupied[0] == pytest.approx(0) and (
        mechanism == "vacancy" or occupied[1] == pytest.approx(np.linalg.norm(hop)))
    if mechanism == "interstitial":  # the pair at i is split across i's O-Li-O axis
        pair = initial.positions[[i, len(initial) - 1]]
        assert np.linalg.norm(pair[0] - pair[1]) == pytest.approx(2.0)
        axis = neb._axis(big, i, "O")
        assert abs((pair[1] - pair[0]) @ axis) < 1e-9


def test_a_turning_dumbbell_does_not_drift_but_a_moving_one_does(cubic):
    path = paths.distinct_paths(cubic, "Li", "O")[0]
    big, i, j = neb.hop_in_supercell(cubic, path, (2, 2, 2))
    initial, _, sites = neb.end_states(big, i, j, "interstitial", "O", split=1.0)
    new = len(initial) - 1
    centre = big.positions[i]
    turned = initial.copy()  # the pair rotates 90° about its centre
    turned.positions[i] = centre + np.array([0.0, 0.0, 1.0])
    turned.positions[new] = centre - np.array([0.0, 0.0, 1.0])
    assert neb.drift(turned, sites[0]) == pytest.approx(0.0, abs=1e-9)
    shifted = initial.copy()  # the whole pair leaves its site by 1.5 Å
    shifted.positions[[i, new]] += np.array([1.5, 0.0, 0.0])
    assert neb.drift(shifted, sites[0]) == pytest.approx(1.5)


@pytest.mark.parametrize("turn", [0.0, np.pi / 4, np.pi / 2])
def test_a_turned_dumbbell_stays_split_across_its_axis(cubic, turn):
    path = paths.distinct_paths(cubic, "Li", "O")[0]
    big, i, j = neb.hop_in_supercell(cubic, path, (2, 2, 2))
    initial, final, _ = neb.end_states(big, i, j, "interstitial", "O", 1.0, (turn, turn))
    new = len(initial) - 1
    hop = neb._mic(big, big.positions[j] - big.positions[i])
    for state, a, b, k in ((initial, i, new, i), (final, new, j, j)):
        pair = neb._mic(state, state.positions[b] - state.positions[a])
        axis = neb._axis(big, k, "O")
        assert np.linalg.norm(pair) == pytest.approx(2.0)
        assert abs(pair @ axis) < 1e-9
        along = hop - (hop @ axis) * axis  # the turn is measured from the hop's direction
        assert pair @ along / (2.0 * np.linalg.norm(along)) == pytest.approx(np.cos(turn))


def test_pair_atoms_are_mapped_so_the_hop_moves_least(cubic):
    path = paths.distinct_paths(cubic, "Li", "O")[0]
    big, i, j = neb.hop_in_supercell(cubic, path, (2, 2, 2))
    initial, final, sites = neb.end_states(big, i, j, "interstitial", "O", 1.0)
    new = len(initial) - 1
    pairs = (sites[0][0][0], sites[1][0][0])  # (i, new) at i, (new, j) at j

    def moved(a, b):
        return sum(np.linalg.norm(neb._mic(a, b.positions[k] - a.positions[k])) ** 2
                   for k in (i, j, new))

    best = moved(initial, final)  # as built: new faces j, and at j faces back towards i
    initial.positions[[i, new]] = initial.positions[[new, i]]  # a crossing labelling
    final.positions[[new, j]] = final.positions[[j, new]]
    assert moved(initial, final) > best + 1.0
    neb._match(initial, final, pairs)
    assert moved(initial, final) == pytest.approx(best)
    near = np.linalg.norm(neb._mic(initial, initial.positions[new] - big.positions[j]))
    far = np.linalg.norm(neb._mic(initial, initial.positions[i] - big.positions[j]))
    assert near < far  # the atom that hops is the pair's atom facing j


def test_unknown_mechanism_is_named(cubic):
    big, i, j = neb.hop_in_supercell(cubic, paths.distinct_paths(cubic, "Li", "O")[0], (2, 2, 2))
    with pytest.raises(ValueError, match="unknown mechanism 'ring'"):
        neb.end_states(big, i, j, "ring", "O")


def _record(**change):
    record = {"energies_eV": [0.0, 0.2, 0.3, 0.2, 0.05], "e_initial_eV": 0.0, "e_final_eV": 0.05,
              "ends_relaxed": True, "drift_initial_A": 0.2, "drift_final_A": 0.3,
              "neb_converged": True, "neb_steps": 40, "forward_meV": 300.0, "reverse_meV": 250.0}
    return {**record, **change}


SETTINGS = {"max_drift": 1.0, "max_dip_meV": 10.0, "max_barrier_meV": 2000.0}


@pytest.mark.parametrize("change, reason", [
    ({}, ""),
    ({"ends_relaxed": False}, "did not relax"),
    ({"drift_final_A": 1.4}, "left its site by 1.40 Å"),
    ({"energies_eV": [0.0, -0.05, 0.1, 0.0, 0.05]}, "50 meV below"),
    ({"neb_converged": False}, "not converged in 40 steps"),
    ({"energies_eV": [0.0, 0.1, 0.2, 0.3, 0.35], "e_final_eV": 0.35, "forward_meV": 350.0,
      "reverse_meV": 0.0}, "no saddle"),
])
def test_failure_reasons(change, reason):
    got = neb.failure(_record(**change), SETTINGS)
    assert (reason in got) and (bool(got) == bool(reason))


def test_a_barrier_above_the_ceiling_fails_the_hop_after_the_other_checks():
    assert assemble.judge(_record(reverse_meV=1990.0), SETTINGS) == ""
    assert "2500 meV above the 2000 meV ceiling" in assemble.judge(_record(reverse_meV=2500.0),
                                                                  SETTINGS)
    stuck = _record(reverse_meV=2500.0, neb_converged=False)
    assert assemble.judge(stuck, SETTINGS) == neb.failure(stuck, SETTINGS)


def test_the_shipped_tables_facts_are_the_builders():
    from barrierml.data.inputs import resolve_facts
    from barrierml.data.mlip.facts import facts

    config = check_config(yaml.safe_load((ROOT / "config.yaml").read_text()))
    config["data"]["table"] = str(ROOT / config["data"]["table"])
    data = resolve_facts(config["data"])
    table = pd.read_csv(config["data"]["table"])
    sources = {m: table.loc[table["mechanism"] == m, "potential"].unique()
               for m in NEB_MECHANISMS}
    assert all(len(s) == 1 for s in sources.values())  # labels never mix inside a mechanism
    built = facts(labels.describe({m: {"potential": s[0]} for m, s in sources.items()}),
                  {m: s[0] for m, s in sources.items()})
    assert {k: data[k] for k in ("absent", "mlip", "label", "geometry")} == \
        {k: built[k] for k in ("absent", "mlip", "label", "geometry")}
    assert resolve_facts({**config["data"], "build": True})["absent"] == facts()["absent"]


def test_formation_energy_signs():
    record = {"e_perfect_eV": -100.0, "e_initial_eV": -97.0, "e_final_eV": -96.5}
    assert assemble.formation_energy(record, "vacancy", False, -1.9) == pytest.approx(1.1)
    assert assemble.formation_energy(record, "vacancy", True, -1.9) == pytest.approx(1.6)
    assert assemble.formation_energy(record, "interstitial", False, -1.9) == pytest.approx(4.9)


def test_failed_hops_go_to_the_failures_table(cubic):
    path = paths.distinct_paths(cubic, "Li", "O")
    base = {**_record(), "e_perfect_eV": -10.0, "e_initial_eV": -9.0, "e_final_eV": -9.0,
            "energies_eV": [-9.0, -8.7, -9.0], "forward_meV": 300, "reverse_meV": 300,
            "supercell": "2x2x2", "failure": ""}
    # the stored verdict is not trusted: the record is judged again with the current checks
    nebs = {("vacancy", 0): base, ("interstitial", 0): {**base, "drift_initial_A": 1.3}}
    rows, failures = assemble.rows("Li3OCl", ("Li", "O", "Cl"), cubic, path, nebs, {"B": 1}, -1.9,
                                   SETTINGS)
    assert [(r["mechanism"], r["path_id"], r["barrier_meV"], r["start"]) for r in rows] == [
        ("vacancy", "e0", 300, "along the hop")]
    assert failures == [{"compound": "Li3OCl", "mechanism": "interstitial", "path_id": "e0",
                         "reason": "end state unstable: the defect left its site by 1.30 Å"}]
    # a dumbbell's second start: a pass says it was turned, a failure keeps both reasons
    turned = {**base, "turns_deg": [45, 0], "aligned_failure": "NEB not converged in 400 steps"}
    nebs[("interstitial", 0)] = turned
    rows, _ = assemble.rows("Li3OCl", ("Li", "O", "Cl"), cubic, path, nebs, {"B": 1}, -1.9,
                            SETTINGS)
    assert rows[1]["start"] == "turned 45°/0°"
    nebs[("interstitial", 0)] = {**turned, "neb_converged": False}
    _, failures = assemble.rows("Li3OCl", ("Li", "O", "Cl"), cubic, path, nebs, {"B": 1}, -1.9,
                                SETTINGS)
    assert failures[0]["reason"] == ("NEB not converged in 40 steps; from the start along the "
                                     "hop: NEB not converged in 400 steps")


def test_table_collects_every_composition(tmp_path):
    """The build's last step reads each composition's files; two compositions, one failed hop."""
    for composition, lattice in (("Li3OCl", 3.9), ("Na3SBr", 4.6)):
        folder = tmp_path / composition
        (folder / "neb").mkdir(parents=True)
        prim = paths.primitive(structures.cubic(*species(composition), lattice=lattice))
        write(folder / "structure.extxyz", prim, format="extxyz")
        write_json(folder / "paths.json", paths.distinct_paths(prim, *species(composition)[:2]))
        write_json(folder / "phase.json", {"composition": composition, "phase": "cubic",
                                           "space_group": "Pm-3m (221)", "cubic_a_A": lattice})
        write_json(folder / "properties.json", {"B": 50.0, "omega_LEO": 3.0, "E_d": -10.0,
                                                "mu_X_eV": -1.9})
        for mechanism in ("vacancy", "interstitial"):
            broken = composition == "Na3SBr" and mechanism == "interstitial"
            record = {**_record(drift_initial_A=1.3 if broken else 0.2), "e_perfect_eV": -10.0,
                      "supercell": "3x3x3"}
            write_json(folder / "neb" / f"{mechanism}_0.json", record)
    table, failures, compounds = assemble.collect(tmp_path, ["Li3OCl", "Na3SBr"], SETTINGS)
    assert list(zip(table["compound"], table["mechanism"])) == [
        ("Li3OCl", "vacancy"), ("Li3OCl", "interstitial"), ("Na3SBr", "vacancy")]
    assert table["CCD"].to_numpy() == pytest.approx(np.array([3.9, 3.9, 4.6]) / np.sqrt(2))
    assert list(failures["compound"]) == ["Na3SBr"] and "1.30 Å" in failures["reason"][0]
    assert list(compounds["barriers"]) == [2, 1] and list(compounds["failed"]) == [0, 1]
    assert compounds["octahedra_intact"].all()


def test_lowest_optical_skips_the_acoustic_modes():
    assert properties.lowest_optical(np.array([-1e-6, 2e-6, 3e-6, 2.5, 4.0])) == 2.5
    assert properties.lowest_optical(np.array([-1.5, -1e-6, 2e-6, 3e-6, 4.0])) == -1.5


def test_compositions_and_species():
    names = compositions(["Li", "Na"], ["O"], ["Cl", "I"])
    assert names == ["Li3OCl", "Li3OI", "Na3OCl", "Na3OI"]
    assert [species(n) for n in names][1] == ("Li", "O", "I")
    with pytest.raises(ValueError, match="X3AZ"):
        species("LiCl")


def test_polarizability_table_covers_every_ion():
    for symbol in ("Li", "Na", "K", "O", "S", "Se", "F", "Cl", "Br", "I"):
        assert polarizability(symbol) > 0
    assert polarizability("I") > polarizability("Br") > polarizability("Cl") > polarizability("F")


def test_validation_rows_are_judged_by_the_current_checks():
    stored_pass = {**_record(), "failure": ""}
    records = {"chgnet": {"lattice_A": 3.9, "vacancy": stored_pass,
                          "interstitial": {**stored_pass, "drift_initial_A": 1.3}}}
    table = validation.against_dft(records, {"vacancy": [310, 370], "interstitial": [130, 170]},
                                   SETTINGS)
    assert list(table["mechanism"]) == ["vacancy", "interstitial"]
    assert table.loc[0, "failure"] == "" and "left its site" in table.loc[1, "failure"]
    assert list(table["below_dft_meV"]) == [10.0, 0.0]  # 300 meV against 310-370; 300 above 170


def test_convergence_rows_give_changes_and_verdicts():
    base = {"K3SI vacancy 0": {**_record(), "supercell": "2x1x2", "images": 3}}
    check = {"K3SI vacancy 0": {**_record(forward_meV=290.0, reverse_meV=265.0,
                                          drift_final_A=1.2), "supercell": "2x2x2", "images": 7}}
    table = validation.convergence(base, check, SETTINGS)
    assert list(table["direction"]) == ["forward", "reverse"]
    assert list(table["change_meV"]) == [-10.0, 15.0]
    assert (table["dataset_failure"] == "").all()
    assert table["check_failure"].str.contains("left its site by 1.20 Å").all()
    # the verdicts are the table's: the ceiling counts too
    check["K3SI vacancy 0"].update(drift_final_A=0.2, forward_meV=2500.0)
    table = validation.convergence(base, check, SETTINGS)
    assert table["check_failure"].str.contains("above the 2000 meV ceiling").all()


def test_dumbbell_settings_reach_interstitial_jobs_only():
    neb_settings, dumbbell = {"images": 3}, {"orientations": 4}
    assert mechanism_settings("vacancy", neb_settings, dumbbell) == {"images": 3}
    assert mechanism_settings("interstitial", neb_settings, dumbbell) == {"images": 3,
                                                                          "orientations": 4}


@pytest.mark.parametrize("first, screened, retried", [
    ("NEB not converged in 400 steps", [np.pi / 4, 0.0], True),  # a failure, a turn found
    ("NEB not converged in 400 steps", [0.0, 0.0], False),  # the screen keeps the aligned start
    ("", [np.pi / 4, 0.0], False),  # a pass is kept as it is
])
def test_a_failed_dumbbell_starts_again_from_its_lowest_turn(cubic, monkeypatch, first, screened,
                                                             retried):
    from ase.calculators.lj import LennardJones
    tried = []

    def starts(*hop_and_angles):
        tried.append(list(hop_and_angles[-1]))
        return None, None, None, screened if len(tried) > 1 else [0.0, 0.0], 0

    def attempt(start, *args):
        return {"failure": first if start[3] == [0.0, 0.0] else "", "turns_deg": start[3]}

    monkeypatch.setattr(neb, "_starts", starts)
    monkeypatch.setattr(neb, "_attempt", attempt)
    settings = {"min_length": 7.5, "min_repeats": 1, "orientations": 4}
    path = paths.distinct_paths(cubic, "Li", "O")[0]
    record = neb.run(cubic, path, "interstitial", "O", LennardJones(), settings)
    assert tried[0] == [0.0]
    assert tried[1:] == ([[0.0, np.pi / 4, np.pi / 2, 3 * np.pi / 4]] if first else [])
    assert (record.get("aligned_failure") == first) == retried
    assert ("aligned_cpu_s" in record) == retried  # what the failed aligned start cost
    assert record["failure"] == ("" if retried else first)
    assert record["supercell"] == "2x2x2"
    vacancy = neb.run(cubic, path, "vacancy", "O", LennardJones(), settings)
    assert tried[-1] == [0.0] and "aligned_failure" not in vacancy  # vacancies start once


def test_ends_that_fail_a_check_cost_no_band_step(cubic):
    from ase.calculators.lj import LennardJones

    config = check_config(yaml.safe_load((ROOT / "config.yaml").read_text()))["data"]["builder"]
    settings = mechanism_settings("vacancy", {**config["neb"], "min_length": 7.0,
                                              "band_steps": 10}, config["dumbbell"])
    path = paths.distinct_paths(cubic, "Li", "O")[0]
    calc = LennardJones(sigma=3.0, epsilon=0.05, rc=6.3)
    stable = neb.run(cubic, path, "vacancy", "O", calc, {**settings, "max_drift": 10.0})
    moved = neb.run(cubic, path, "vacancy", "O", calc, {**settings, "max_drift": 0.0})
    assert stable["neb_steps"] > 0 and not stable["failure"].startswith("end state")
    assert moved["failure"].startswith("end state unstable") and moved["neb_steps"] == 0
    assert moved["force_calls"] < stable["force_calls"]
    assert neb.failure(moved, {**settings, "max_drift": 0.0}) == moved["failure"]


def test_ions_take_their_charge_from_their_role_in_x3az():
    assert [elements.charge(s) for s in ("Ag", "Rb", "Te", "O", "I", "F")] == [1, 1, -2, -2, -1, -1]
    assert shannon_radius("Ag") == 1.15  # Shannon (1976), Ag+ six-fold


def test_missing_ion_data_is_named_only_where_a_descriptor_needs_it():
    describe.check_ions("Ag3SI", {"alpha_O", "alpha_F", "V_a"})  # Ag's polarizability unused
    with pytest.raises(InputError) as err:
        describe.check_ions("Ag3SI", {"alpha_C"})
    assert "ion_polarizabilities.csv" in str(err.value) and "Ag+" in str(err.value)
    assert "Fix:" in str(err.value)


def test_compound_descriptors_are_computed_only_when_asked(cubic):
    got = descriptors.compound(cubic, "Li", "O", "Cl", {"V_a", "alpha_O"})
    assert got == {"V_a": pytest.approx(A**3 / 5), "alpha_O": polarizability("O")}


def test_describe_relaxes_defects_only_for_the_mechanisms_that_read_e_f(cubic, monkeypatch):
    """No potential: the phase is the hand-made cubic cell and end states have set energies."""
    relaxed = []

    def end_energies(prim, path, mechanism, centre, calc, settings):
        relaxed.append(mechanism)
        return {"e_perfect_eV": -100.0, "e_initial_eV": -95.0, "e_final_eV": -94.0}

    monkeypatch.setattr(describe, "ground_phase", lambda *args: (
        cubic, {"phase": "cubic", "space_group": "Pm-3m (221)"}))
    monkeypatch.setattr(describe, "end_energies", end_energies)
    monkeypatch.setattr(describe, "_reference_energy", lambda *args: -2.0)
    builder = {"potential": "chgnet", "structure": {"symprec": 1e-3}, "neb": {}}
    keys = {"vacancy": {"CCD", "V_a"}, "interstitial": {"E_f", "PW_c"}}
    rows = describe.describe("Li3OCl", keys, builder, calc=lambda name: None,
                             log=lambda line: None)
    assert relaxed == ["interstitial"]  # one edge in the cubic cell; vacancy reads no E_f
    assert [(r["mechanism"], r["path_id"]) for r in rows] == [("vacancy", "e0"),
                                                               ("interstitial", "e0")]
    vacancy, interstitial = rows
    assert "E_f" not in vacancy and "alpha_C" not in vacancy and "B" not in vacancy
    assert interstitial["E_f"] == pytest.approx(-95.0 + 100.0 - (-2.0))  # added X from mu
    assert vacancy["CCD"] == pytest.approx(A / np.sqrt(2))


def test_both_band_optimisers_converge_to_the_same_saddle():
    """A vacancy hop in fcc Al with ASE's EMT: the ODE solver (then FIRE) and FIRE alone end at
    the same barrier, each judged converged by the same largest-force criterion."""
    from ase.build import bulk
    from ase.calculators.emt import EMT

    cell = bulk("Al", "fcc", a=4.05, cubic=True).repeat(2)
    del cell[0]
    initial, final = cell.copy(), cell.copy()
    neighbour = int(np.argmin(np.linalg.norm(cell.positions - [0.0, 2.025, 2.025], axis=1)))
    final.positions[neighbour] = [0.0, 0.0, 0.0]
    for state in (initial, final):
        neb.relax_positions(state, EMT(), 0.02, 200)
    def start():
        first = initial.copy()
        first.calc = EMT()
        return first

    results = {name: neb.band(start(), final.copy(), EMT(), 3, 0.05, 200, optimizer=name)
               for name in neb.OPTIMIZERS}
    barriers = []
    for result in results.values():
        assert result["converged"] and result["residual_eV_A"] <= 0.05
        assert result["evaluations"] > result["steps"] > 0
        barriers.append(1000 * (result["energies"].max() - result["energies"][0]))
    assert barriers[0] > 300 and abs(barriers[0] - barriers[1]) < 5  # meV
    with pytest.raises(ValueError, match="unknown NEB optimizer"):
        neb.band(start(), final.copy(), EMT(), 3, 0.05, 10, optimizer="bfgs")
