"""Applicability domain of a saved model in its selected descriptors.

A row is out of domain when a descriptor lies outside the training range widened by MARGIN of
its span on each side, or when its distance to the nearest training row (descriptors
standardised by the training mean and sd) exceeds the PERCENTILE-th percentile of the
leave-one-compound-out distances: each training row's distance to the nearest row of another
compound.
"""

import numpy as np

MARGIN = 0.05
PERCENTILE = 95


def _nearest(Z, Zref):
    """Per row of Z: the distance to the nearest row of Zref and that row's index."""
    d = np.sqrt(((Z[:, None, :] - Zref[None, :, :]) ** 2).sum(axis=2))
    return d.min(axis=1), d.argmin(axis=1)


def fit_domain(X, compounds, features):
    """What judge needs: ranges, standardisation, the training rows and the distance limit."""
    X = np.asarray(X, dtype=float)
    compounds = np.asarray(compounds)
    mean, sd = X.mean(axis=0), X.std(axis=0)
    sd = np.where(sd > 0, sd, 1.0)
    Z = (X - mean) / sd
    loco = np.empty(len(Z))
    for compound in np.unique(compounds):
        own = compounds == compound
        loco[own] = _nearest(Z[own], Z[~own])[0]
    return {"features": list(features), "min": X.min(axis=0).tolist(),
            "max": X.max(axis=0).tolist(), "mean": mean.tolist(), "sd": sd.tolist(),
            "margin": MARGIN, "percentile": PERCENTILE,
            "max_distance": float(np.percentile(loco, PERCENTILE)),
            "train": Z.tolist(), "compounds": compounds.tolist()}


def judge(domain, X):
    """(in_domain, note) per row of X (columns: domain['features'])."""
    X = np.asarray(X, dtype=float)
    low, high = np.asarray(domain["min"]), np.asarray(domain["max"])
    pad = domain["margin"] * (high - low)
    Z = (X - np.asarray(domain["mean"])) / np.asarray(domain["sd"])
    distance, nearest = _nearest(Z, np.asarray(domain["train"]))
    inside, notes = [], []
    for i, row in enumerate(X):
        out = [f"{name} = {value:.4g} outside the training range [{lo:.4g}, {hi:.4g}]"
               for name, value, lo, hi, p in zip(domain["features"], row, low, high, pad,
                                                 strict=True)
               if value < lo - p or value > hi + p]
        if distance[i] > domain["max_distance"]:
            out.append(f"distance {distance[i]:.2f} to the nearest training compound "
                       f"({domain['compounds'][nearest[i]]}) beyond "
                       f"{domain['max_distance']:.2f}, the {domain['percentile']}th percentile "
                       "of leave-one-compound-out distances")
        inside.append(not out)
        notes.append("; ".join(out))
    return np.array(inside), notes
