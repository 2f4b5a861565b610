"""Pearson filtering: drop descriptors with |ρ| ≥ threshold, keeping one per correlated group."""

import pandas as pd

from barrierml.errors import InputError


def pearson(frame):
    """Pearson matrix of the frame's columns."""
    return frame.corr(method="pearson")


def preference_order(descriptors, preference):
    """Descriptors in preference order: listed ones first (in list order), the rest as given."""
    listed = [d for d in preference if d in descriptors]
    return listed + [d for d in descriptors if d not in listed]


def filter_descriptors(rho, preference, threshold):
    """Walk descriptors in preference order; drop any whose |ρ| with an earlier one ≥ threshold.

    An earlier descriptor may itself have been dropped (CFD goes with AAD, which went with CCD,
    as in the paper's Table 1), so each group keeps exactly its most preferred member.
    Returns (retained, dropped) where dropped has columns
    dropped, correlated_with, rho, kept (the retained representative).
    """
    order = preference_order(list(rho.columns), preference)
    kept_by = {}
    rows = []
    for i, name in enumerate(order):
        earlier = order[:i]
        partners = [e for e in earlier if abs(rho.loc[name, e]) >= threshold]
        if not partners:
            kept_by[name] = name
            continue
        partner = max(partners, key=lambda e: abs(rho.loc[name, e]))
        kept_by[name] = kept_by[partner]
        rows.append({"dropped": name, "correlated_with": partner,
                     "rho": float(rho.loc[name, partner]), "kept": kept_by[partner]})
    retained = [n for n in order if kept_by[n] == n]
    return retained, pd.DataFrame(rows, columns=["dropped", "correlated_with", "rho", "kept"])


def check_preference(preference, descriptors, absent=()):
    """Every name in the preference list must be a descriptor of the table or declared absent
    (so the paper's order serves a table without, e.g., the DFT-only descriptors)."""
    unknown = [p for p in preference if p not in descriptors and p not in absent]
    if unknown:
        raise InputError("config filter.preference", ", ".join(unknown),
                         "not a descriptor column of the table",
                         "fix the spelling, or remove the name (see data/descriptors.yaml)")


def stand_ins(dropped):
    """Retained descriptor -> the descriptors the filter dropped for it (its correlated group)."""
    out = {}
    for row in dropped.itertuples():
        out.setdefault(row.kept, []).append(row.dropped)
    return out


def group_label(column, names, groups):
    """'V_a (or CCD, COD)': a retained descriptor read with the ones it stands in for."""
    others = groups.get(column, [])
    name = names.get(column, column)
    return f"{name} (or {', '.join(names.get(o, o) for o in others)})" if others else name
