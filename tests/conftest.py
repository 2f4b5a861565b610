"""Shared fixtures: the repository root, the catalogue, and the default config."""

import copy
from pathlib import Path

import pytest
import yaml

from barrierml.data.catalogue import load_catalogue

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def catalogue_columns():
    return [d.column for d in load_catalogue(ROOT / "data" / "descriptors.yaml")]


@pytest.fixture()
def default_config():
    """A fresh copy of config.yaml with paths made absolute."""
    config = copy.deepcopy(yaml.safe_load((ROOT / "config.yaml").read_text()))
    config["data"]["table"] = str(ROOT / config["data"]["table"])
    config["data"]["catalogue"] = str(ROOT / config["data"]["catalogue"])
    return config
