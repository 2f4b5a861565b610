"""The Data stage end to end on a tiny case: one composition, cubic only, small cell, 1 image."""

import json

import numpy as np
import pandas as pd
import pytest
import yaml
from support import ROOT, snakemake, tiny_workdir

from barrierml.data.catalogue import load_catalogue
from barrierml.data.mlip.facts import ABSENT

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("data_build")]  # MLIP NEBs

TINY_DATA = {
    "cations": ["K"], "chalcogens": ["S"], "halogens": ["I"],
    "structure": {"tilted": False},
    "neb": {"min_length": 7.5, "images": 1, "fmax": 0.1, "steps": 60},
    "dumbbell": {"orientations": 2, "screen_steps": 5},
    "validation": {"composition": "K3SI", "potentials": ["chgnet"]},
    "convergence": {"cases": [{"composition": "K3SI", "mechanism": "vacancy", "edge": 0}],
                    "min_length": 12.0, "images": 2},
}


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    workdir = tiny_workdir(tmp_path_factory.mktemp("dataset"))
    config = yaml.safe_load((workdir / "tiny.yaml").read_text())
    config["data"] = {**config["data"], "build": True, "builder": TINY_DATA}
    (workdir / "tiny.yaml").write_text(yaml.safe_dump(config))
    (workdir / "table.csv").unlink()  # the builder's table is read instead
    result = snakemake(workdir, "--until", "data_build")
    assert result.returncode == 0, result.stderr[-3000:]
    return workdir / "results" / "data" / "build"


def test_tiny_build_gives_a_table_the_workflow_accepts(build):
    table = pd.read_csv(build / "antiperovskites.csv")
    failures = pd.read_csv(build / "failures.csv")
    assert len(table) + len(failures) == 2  # one path, two mechanisms
    assert set(table["mechanism"]) | set(failures["mechanism"]) == {"vacancy", "interstitial"}
    assert (table["barrier_meV"] >= 0).all()
    record = json.loads((build / "K3SI" / "neb" / "interstitial_0.json").read_text())
    assert record["turns_deg"][0] in (0, 90) and record["turns_deg"][1] in (0, 90)
    wanted = [d.column for d in load_catalogue(ROOT / "data" / "descriptors.yaml")
              if d.column not in ABSENT]
    assert np.isfinite(table[wanted].to_numpy(dtype=float)).all()  # every descriptor, numeric
    # (one row per mechanism is too few for the workflow's checks: every column is constant)
    facts = yaml.safe_load((build / "antiperovskites.facts.yaml").read_text())
    assert facts["mlip"] is True and facts["absent"] == ABSENT  # what the loader reads


def test_tiny_build_geometry_matches_its_relaxed_cell(build):
    table = pd.read_csv(build / "antiperovskites.csv")
    compounds = pd.read_csv(build / "compounds.csv")
    a = compounds.loc[0, "cubic_a_A"]
    assert compounds.loc[0, "phase"] == "cubic"
    assert np.allclose(table["CCD"], a / np.sqrt(2))
    assert np.allclose(table["V_a"], a**3 / 5)


def test_tiny_build_checks(build):
    validation = pd.read_csv(build / "validation.csv")
    assert list(validation["mechanism"]) == ["vacancy", "interstitial"]
    assert validation["barrier_meV"].notna().all()
    convergence = pd.read_csv(build / "convergence.csv")
    assert list(convergence["direction"]) == ["forward", "reverse"]
    assert (convergence["check_images"] == 2).all()


def test_descriptors_without_neb_are_the_builds(build):
    """`barrierml predict --compositions` computes a composition's rows as the build does."""
    from barrierml.config import check_config
    from barrierml.data.mlip.describe import describe
    from barrierml.data.mlip.potential import calculator

    config = check_config(yaml.safe_load((build.parents[2] / "tiny.yaml").read_text()))
    table = pd.read_csv(build / "antiperovskites.csv")
    wanted = [d.column for d in load_catalogue(ROOT / "data" / "descriptors.yaml")
              if d.column not in ABSENT]
    keys = {m: set(wanted) for m in ("vacancy", "interstitial")}
    chgnet = calculator("chgnet")
    rows = pd.DataFrame(describe("K3SI", keys, config["data"]["builder"], lambda name: chgnet,
                                 log=lambda line: None))
    assert len(rows) == 2  # one path, two mechanisms, whether or not its NEB passed
    both = table.merge(rows, on=["compound", "mechanism", "path_id"], suffixes=("", "_new"))
    assert len(both) == len(table)
    # E_f of a dumbbell that had to start turned comes from other end states than the first
    same_start = both["start"] == "along the hop"
    for column in wanted:
        kept = same_start if column == "E_f" else slice(None)
        np.testing.assert_allclose(both.loc[kept, f"{column}_new"], both.loc[kept, column],
                                   rtol=5e-3, atol=1e-3, err_msg=column)
