"""Elemental descriptors: Shannon radii, masses and Pauling electronegativities from pymatgen,
and free-ion polarizabilities from the shipped, cited table (data/ion_polarizabilities.csv)."""

import functools
from pathlib import Path

import pandas as pd
from pymatgen.core import Element, Species

CHARGE = {"Li": 1, "Na": 1, "K": 1, "O": -2, "S": -2, "Se": -2, "F": -1, "Cl": -1, "Br": -1, "I": -1}
POLARIZABILITIES = Path(__file__).resolve().parents[4] / "data" / "ion_polarizabilities.csv"


def shannon_radius(symbol, cn="VI"):
    """Shannon (1976) ionic radius in Å at the common ion's charge and six-fold coordination."""
    return float(Species(symbol, CHARGE[symbol]).get_shannon_radius(cn))


def mass(symbol):
    return float(Element(symbol).atomic_mass)


def electronegativity(symbol):
    return float(Element(symbol).X)


@functools.cache
def _polarizabilities(path=POLARIZABILITIES):
    return pd.read_csv(path, comment="#").set_index("element")["alpha_A3"].to_dict()


def polarizability(symbol):
    """Free-ion electronic polarizability (Å^3) from the shipped table."""
    return float(_polarizabilities()[symbol])
