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


CHUNK = 4096  # rows of Z per distance block: memory stays ~CHUNK x len(Zref) floats


def _nearest(Z, Zref):
    """Per row of Z: the distance to the nearest row of Zref and that row's index, in blocks
    of CHUNK rows so that a million-row table needs no more memory than a small one."""
    distance, index = np.empty(len(Z)), np.empty(len(Z), dtype=int)
    ref_sq = (Zref ** 2).sum(axis=1)
    for start in range(0, len(Z), CHUNK):
        block = Z[start:start + CHUNK]
        d2 = (block ** 2).sum(axis=1)[:, None] - 2.0 * block @ Zref.T + ref_sq[None, :]
        index[start:start + CHUNK] = d2.argmin(axis=1)
        distance[start:start + CHUNK] = np.sqrt(np.maximum(d2.min(axis=1), 0.0))
    return distance, index


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
    outside = (X < low - pad) | (X > high + pad)
    far = distance > domain["max_distance"]
    notes = [""] * len(X)
    for i in np.flatnonzero(outside.any(axis=1) | far):  # only the flagged rows need words
        out = [f"{name} = {X[i, j]:.4g} outside the training range [{low[j]:.4g}, "
               f"{high[j]:.4g}]" for j, name in enumerate(domain["features"]) if outside[i, j]]
        if far[i]:
            out.append(f"distance {distance[i]:.2f} to the nearest training compound "
                       f"({domain['compounds'][nearest[i]]}) beyond "
                       f"{domain['max_distance']:.2f}, the {domain['percentile']}th percentile "
                       "of leave-one-compound-out distances")
        notes[i] = "; ".join(out)
    return ~(outside.any(axis=1) | far), notes
