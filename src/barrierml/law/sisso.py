"""Laws in the SISSO manner: sure-independence screening against the residual, then an exact
L0 search (every combination of the screened features) by least squares with an intercept."""

from itertools import combinations, islice
from math import comb

import numpy as np

from barrierml.tune.grid import cv_summary


def fit(F, y, max_terms, screened):
    """The best law of 1 .. max_terms terms on the rows of F (n x m features) and y: a list of
    (feature indices, coefficients, intercept). Each dimension screens the `screened` features
    most correlated with the last law's residual into a common pool, and searches every
    combination of the pool."""
    mean, sd = F.mean(axis=0), F.std(axis=0)
    usable = np.flatnonzero(sd > 1e-12 * np.maximum(1.0, np.abs(mean)))
    Z = (F[:, usable] - mean[usable]) / sd[usable]
    centred = y - y.mean()
    residual, pool, laws = centred, [], []
    for terms in range(1, max_terms + 1):
        score = np.abs(Z.T @ residual)
        score[pool] = -1.0
        pool += [int(k) for k in np.argsort(-score, kind="stable")[:screened] if score[k] >= 0]
        if len(pool) < terms:
            break
        chosen, weights = _best(Z[:, pool], centred, terms)
        columns = [pool[k] for k in chosen]
        residual = centred - Z[:, columns] @ weights
        coefficients = weights / sd[usable[columns]]
        laws.append(([int(usable[k]) for k in columns], coefficients,
                     float(y.mean() - coefficients @ mean[usable[columns]])))
    return laws


MAX_COMBINATIONS = 2_000_000  # of one L0 search (config._check_law refuses more)
BLOCK = 100_000  # combinations solved at once


def combinations_count(screened, terms):
    """How many combinations the L0 search of `terms` terms solves at most."""
    return comb(screened * terms, terms)


def _best(Z, y, terms):
    """(pool positions, weights) of the least-squares combination of `terms` columns of the
    standardised Z with the smallest residual sum of squares (y centred, so no intercept)."""
    gram, moment = Z.T @ Z, Z.T @ y
    every = combinations(range(Z.shape[1]), terms)
    best, best_gain = None, -np.inf
    while block := list(islice(every, BLOCK)):
        sets = np.array(block)
        A = gram[sets[:, :, None], sets[:, None, :]] + 1e-9 * len(y) * np.eye(terms)
        b = moment[sets]
        w = np.linalg.solve(A, b[..., None])[..., 0]
        gain = np.einsum("ij,ij->i", b, w)  # SSE = y·y - b·w
        k = int(np.argmax(gain))
        if gain[k] > best_gain:
            best, best_gain = (sets[k], w[k]), gain[k]
    return best


def predict(F, law):
    """Values of a law (indices, coefficients, intercept) on the rows of F."""
    columns, coefficients, intercept = law
    return F[:, columns] @ coefficients + intercept


def cross_validate(F, y, folds, max_terms, screened):
    """Per number of terms: (CV RMSE, its standard error) of the whole procedure (screening
    and L0 again inside each fold's training rows)."""
    sq = np.zeros((max_terms, len(np.unique(folds))))
    count = np.zeros(len(np.unique(folds)))
    for f, k in enumerate(np.unique(folds)):
        train, held = folds != k, folds == k
        laws = fit(F[train], y[train], max_terms, screened)
        count[f] = held.sum()
        for d in range(max_terms):
            law = laws[min(d, len(laws) - 1)]
            sq[d, f] = np.sum((y[held] - predict(F[held], law)) ** 2)
    return [cv_summary(sq[d], count) for d in range(max_terms)]


def one_se(scores):
    """The fewest terms whose CV RMSE is within one standard error of the best (1-based)."""
    best = int(np.argmin([s[0] for s in scores]))
    limit = scores[best][0] + scores[best][1]
    return next(d + 1 for d, (rmse, _) in enumerate(scores) if rmse <= limit)
