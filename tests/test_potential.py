"""The potentials: the config offers exactly the ones the package loads, and every SevenNet
checkpoint works through the per-image copies the NEB uses."""

import shutil

import numpy as np
import pytest
import yaml
from support import ROOT

from barrierml.data.mlip.potential import POTENTIALS, SEVENNET, calculator, copies, version


def test_the_config_offers_exactly_the_potentials_the_package_loads():
    schema = yaml.safe_load((ROOT / "src" / "barrierml" / "config.schema.yaml").read_text())
    builder = schema["properties"]["data"]["properties"]["builder"]["properties"]
    assert builder["label"]["enum"] == list(POTENTIALS)
    assert builder["validation"]["properties"]["potentials"]["items"]["enum"] == list(POTENTIALS)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SEVENNET))
def test_each_images_copy_computes_what_the_potential_does(name):
    pytest.importorskip("sevenn")
    from ase.build import bulk

    atoms = bulk("Li", "bcc", a=3.44, cubic=True).repeat(2)
    atoms.rattle(0.05, seed=1)
    calc = calculator(name)
    atoms.calc = calc
    energy, forces = atoms.get_potential_energy(), atoms.get_forces()
    for copy in copies(calc, 2):
        image = atoms.copy()
        image.calc = copy
        assert image.get_potential_energy() == pytest.approx(energy, abs=1e-5)
        np.testing.assert_allclose(image.get_forces(), forces, atol=1e-5)
    assert SEVENNET[name][0] in version(name)


@pytest.mark.slow
def test_a_compiled_model_and_its_images_copies_compute_what_the_plain_one_does():
    pytest.importorskip("sevenn")
    from ase.build import bulk

    atoms = bulk("Li", "bcc", a=3.44, cubic=True).repeat(2)
    atoms.rattle(0.05, seed=2)
    atoms.calc = calculator("sevennet")
    energy, forces = atoms.get_potential_energy(), atoms.get_forces()
    compiled = calculator("sevennet", compiled=True)
    has_compiler = bool(shutil.which("g++") or shutil.which("c++"))  # else it runs plain
    assert (type(compiled.model).__name__ == "OptimizedModule") == has_compiler
    for calc in [compiled, *copies(compiled, 2)]:
        assert calc.model is compiled.model
        image = atoms.copy()
        image.calc = calc
        assert image.get_potential_energy() == pytest.approx(energy, abs=1e-4)
        np.testing.assert_allclose(image.get_forces(), forces, atol=1e-4)


@pytest.mark.slow
def test_the_potentials_report_nothing_that_says_nothing_about_a_result(capfd):
    pytest.importorskip("sevenn")
    pytest.importorskip("chgnet")
    import warnings

    from ase.constraints import FixSymmetry

    from barrierml.data.mlip import potential, structures

    atoms = structures.cubic("Li", "O", "Cl")
    atoms.set_constraint(FixSymmetry(atoms))  # pymatgen drops it for CHGNet, with a report
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # every report, however often it was shown before
        potential.quiet()
        for name in ("chgnet", "sevennet"):
            calc = calculator(name)
            for image in [calc, *copies(calc, 1)]:
                atoms.calc = image
                atoms.get_forces()
    assert [str(w.message) for w in caught if issubclass(w.category, UserWarning)] == []
    assert "will run on cpu" not in capfd.readouterr().out
