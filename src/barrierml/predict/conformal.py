"""Prediction intervals from held-out residuals of whole compounds.

CV+ (Barber, Candès, Ramdas & Tibshirani, Ann. Statist. 2021): with K models, each fitted
without its held-out compounds, and their absolute held-out residuals R_ki, the interval for x
runs from the ⌊α(N+1)⌋-th smallest of {μ_k(x) − R_ki} to the ⌈(1−α)(N+1)⌉-th smallest of
{μ_k(x) + R_ki} (N residuals in all, α = 1 − coverage). It combines the residuals with the
models' spread; its guarantee is coverage ≥ 1 − 2α for exchangeable compounds, and about
1 − α in practice.
"""

import math

import numpy as np


def _order(values, k):
    """The k-th smallest (1-based) of each row; ±inf beyond the ends."""
    n = values.shape[1]
    if k < 1:
        return np.full(values.shape[0], -np.inf)
    if k > n:
        return np.full(values.shape[0], np.inf)
    return np.sort(values, axis=1)[:, k - 1]


def cv_plus(predictions, residuals, coverage):
    """(lower, upper) per row: predictions[k] are model k's for the rows, residuals[k] its
    absolute held-out residuals."""
    alpha = 1.0 - coverage
    low = np.hstack([np.asarray(p)[:, None] - np.asarray(r)[None, :]
                     for p, r in zip(predictions, residuals, strict=True)])
    high = np.hstack([np.asarray(p)[:, None] + np.asarray(r)[None, :]
                      for p, r in zip(predictions, residuals, strict=True)])
    n = low.shape[1]
    return _order(low, math.floor(alpha * (n + 1))), _order(high, math.ceil((1 - alpha) * (n + 1)))


def held_out_coverage(predictions, truths, residuals, coverage):
    """Per model k: the share of its own held-out rows inside μ_k ± q, q the split-conformal
    quantile (⌈c(N+1)⌉-th smallest) of the other models' held-out residuals (NaN for a
    single model: nothing to calibrate it against)."""
    if len(residuals) < 2:
        return [float("nan")] * len(predictions)
    shares = []
    for k, (pred, truth) in enumerate(zip(predictions, truths, strict=True)):
        others = np.sort(np.concatenate([r for j, r in enumerate(residuals) if j != k]))
        rank = math.ceil(coverage * (len(others) + 1))
        q = others[rank - 1] if rank <= len(others) else np.inf
        shares.append(float(np.mean(np.abs(np.asarray(truth) - np.asarray(pred)) <= q)))
    return shares
