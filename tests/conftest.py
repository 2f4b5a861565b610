"""Shared fixtures: the repository root, the catalogue, the default config, one finished run."""

import copy
import shutil

import pytest
import yaml
from filelock import FileLock
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
def e2e(tmp_path_factory, worker_id):
    """One finished tiny run, shared by the end-to-end, rerun, prediction and SLURM tests
    (read-only); built once per test run, also when pytest-xdist runs tests in workers."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":  # each worker has its own basetemp inside the run's folder
        shared = shared.parent
    workdir, done = shared / "e2e", shared / "e2e.done"
    with FileLock(shared / "e2e.lock"):
        if not done.exists():
            shutil.rmtree(workdir, ignore_errors=True)
            workdir.mkdir()
            result = snakemake(tiny_workdir(workdir))
            assert result.returncode == 0, result.stderr[-3000:]
            done.touch()
    return workdir


# Longest first, so that three pytest-xdist workers finish together (make test): the groups
# that hold one folder each (--dist loadgroup keeps a group on one worker), then the other slow
# tests, then the rest; the SLURM run's waiting overlaps the others' work.
FIRST = ("slurm", "e2e", "data_build")


def pytest_collection_modifyitems(items):
    def rank(item):
        group = item.get_closest_marker("xdist_group")
        if group and group.args[0] in FIRST:
            return FIRST.index(group.args[0])
        return len(FIRST) + (item.get_closest_marker("slow") is None)

    items.sort(key=rank)
