"""Elemental descriptors: Shannon radii, masses and Pauling electronegativities from pymatgen,
and free-ion polarizabilities from the shipped, cited table (data/ion_polarizabilities.csv).

Ions take their charge from their role in X3AZ: a chalcogen is A (2-), a halogen Z (1-), and
anything else the cation X (1+), so the charge balance 3(+1) - 2 - 1 = 0 holds."""

import functools
from pathlib import Path

import pandas as pd
from pymatgen.core import Element, Species

from barrierml.errors import InputError

POLARIZABILITIES = Path(__file__).resolve().parents[4] / "data" / "ion_polarizabilities.csv"


def charge(symbol):
    """The ion's charge in X3AZ."""
    element = Element(symbol)
    return -2 if element.is_chalcogen else -1 if element.is_halogen else 1


def _ion(symbol):
    q = charge(symbol)
    return f"{symbol}{abs(q) if abs(q) > 1 else ''}{'+' if q > 0 else '-'}"


def shannon_radius(symbol, cn="VI"):
    """Shannon (1976) ionic radius in Å at the ion's X3AZ charge and six-fold coordination."""
    try:
        return float(Species(symbol, charge(symbol)).get_shannon_radius(cn))
    except KeyError:
        raise InputError("pymatgen's Shannon radii", _ion(symbol),
                         f"no six-fold ({cn}) radius for {_ion(symbol)}",
                         "choose a composition whose ions have Shannon radii (X+, A2-, Z-)") from None


def mass(symbol):
    return float(Element(symbol).atomic_mass)


def electronegativity(symbol):
    return float(Element(symbol).X)


@functools.cache
def _polarizabilities(path=POLARIZABILITIES):
    return pd.read_csv(path, comment="#").set_index("element")["alpha_A3"].to_dict()


def polarizability(symbol):
    """Free-ion electronic polarizability (Å^3) from the shipped table."""
    table = _polarizabilities()
    if symbol not in table:
        raise InputError(POLARIZABILITIES, _ion(symbol),
                         f"no free-ion polarizability for {_ion(symbol)} (the table holds "
                         f"{', '.join(table)})",
                         f"add a row '{symbol},{_ion(symbol)},<alpha_A3>' with a value from the "
                         "table's source (Pauling 1927, one scale for every ion) and cite it in "
                         "data/ion_polarizabilities.md")
    return float(table[symbol])
