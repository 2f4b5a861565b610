"""Composition names X3AZ and per-mechanism settings (no atomistic imports, so the Snakefile
can use them)."""

import itertools
import re

NEB_MECHANISMS = ("vacancy", "interstitial")


def formula(x, a, z):
    return f"{x}3{a}{z}"


def species(formula_text):
    """('Li', 'O', 'Cl') from 'Li3OCl'."""
    match = re.fullmatch(r"([A-Z][a-z]?)3([A-Z][a-z]?)([A-Z][a-z]?)", formula_text)
    if not match:
        raise ValueError(f"composition {formula_text!r} is not of the form X3AZ (e.g. Li3OCl)")
    return match.groups()


def compositions(cations, chalcogens, halogens):
    """Every X3AZ of the given lists, in list order."""
    return [formula(*c) for c in itertools.product(cations, chalcogens, halogens)]


def mechanism_settings(mechanism, neb, dumbbell):
    """The NEB settings of one mechanism: the dumbbell's start settings join for interstitials
    only, so changing them never touches a vacancy job."""
    return {**neb, **dumbbell} if mechanism == "interstitial" else neb


def table_checks(builder):
    """What tables judge NEB records by: the NEB checks and the barrier ceiling."""
    return {**builder["neb"], "max_barrier_meV": builder["max_barrier_meV"]}
