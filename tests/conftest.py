"""Shared fixtures: the repository root, the catalogue, the default config, one finished run."""

import copy

import pytest
import yaml
from support import ROOT, snakemake, tiny_workdir

from barrierml.data.catalogue import load_catalogue


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def catalogue_columns():
    return [d.column for d in load_catalogue(ROOT / "data" / "descriptors.yaml")]


@pytest.fixture()
def default_config():
    """A fresh copy of config.yaml on the synthetic test table (all 44 descriptors), paths
    absolute."""
    config = copy.deepcopy(yaml.safe_load((ROOT / "config.yaml").read_text()))
    config["data"].update({"table": str(ROOT / "data" / "synthetic_antiperovskites.csv"),
                           "synthetic": True, "mlip": False, "absent": [],
                           "catalogue": str(ROOT / config["data"]["catalogue"])})
    return config


@pytest.fixture(scope="session")
def e2e(tmp_path_factory):
    """One finished tiny run, shared by the end-to-end, rerun and SLURM tests (read-only)."""
    workdir = tiny_workdir(tmp_path_factory.mktemp("e2e"))
    result = snakemake(workdir)
    assert result.returncode == 0, result.stderr[-3000:]
    return workdir
