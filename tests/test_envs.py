"""envs/*.yaml pin the same versions as pyproject.toml, and name real packages."""

import re
import tomllib

import pytest
import yaml
from support import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
PINS = {}
for spec in PROJECT["dependencies"] + PROJECT["optional-dependencies"]["data"]:
    name, version = spec.split("==")
    PINS[name.lower()] = version
CONDA_NAMES = {"pytorch": "torch"}  # conda-forge name -> PyPI name
PIP_ONLY = {"pdpbox": "0.3.0"}  # installed with --no-deps by the Makefile
ENVS = sorted((ROOT / "envs").glob("*.yaml"))


def _entries(env):
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for spec in dep["pip"]:
                yield "pip", *re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)", spec).groups()
        else:
            match = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:=(\S+))?", dep)
            yield "conda", match.group(1), match.group(2)


def test_there_are_env_files():
    assert {p.stem for p in ENVS} >= {"core", "ml", "interpret", "data_build"}


@pytest.mark.parametrize("path", ENVS, ids=lambda p: p.name)
def test_env_pins_agree_with_the_package(path):
    env = yaml.safe_load(path.read_text())
    assert env["channels"] == ["conda-forge", "nodefaults"]
    for kind, name, version in _entries(env):
        if name in ("python", "pip"):
            continue
        assert version, f"{path.name}: {name} is not pinned"
        name = CONDA_NAMES.get(name, name) if kind == "conda" else name
        expected = PINS.get(name.lower(), PIP_ONLY.get(name.lower()))
        assert expected == version, f"{path.name}: {name}={version}, pyproject pins {expected}"


def test_every_pinned_dependency_is_importable_at_that_version():
    from importlib.metadata import version

    for name, pinned in {**PINS, **PIP_ONLY}.items():
        assert version(name).split("+")[0] == pinned, name  # torch reports 2.13.0+cpu


def test_the_lean_install_has_what_the_report_needs():
    """`make run` installs only the package's own dependencies, then runs snakemake --report:
    every requirement of snakemake's "reports" extra must be one of them."""
    from importlib.metadata import requires

    core = {spec.split("==")[0].lower() for spec in PROJECT["dependencies"]}
    extra = [re.match(r"[A-Za-z0-9_.-]+", r).group(0).lower() for r in requires("snakemake")
             if re.search(r"""extra\s*==\s*["']reports["']""", r)]
    assert extra, "snakemake no longer has a 'reports' extra: check what --report needs"
    assert set(extra) <= core, f"missing from pyproject's dependencies: {set(extra) - core}"
