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

BLOCK = 4096  # rows per block: memory ~BLOCK x N floats whatever the table's length


def _order(values, k):
    """The k-th smallest (1-based) of each row; ±inf beyond the ends."""
    n = values.shape[1]
    if k < 1:
        return np.full(values.shape[0], -np.inf)
    if k > n:
        return np.full(values.shape[0], np.inf)
    return np.partition(values, k - 1, axis=1)[:, k - 1]


def cv_plus(predictions, residuals, coverage):
    """(lower, upper) per row: predictions[k] are model k's for the rows, residuals[k] its
    absolute held-out residuals. Rows go in blocks of BLOCK."""
    alpha = 1.0 - coverage
    P = np.column_stack([np.asarray(p, dtype=float) for p in predictions])
    R = [np.asarray(r, dtype=float) for r in residuals]
    if len(R) != P.shape[1]:
        raise ValueError("one residual array per model's predictions")
    n = sum(len(r) for r in R)
    k_low, k_high = math.floor(alpha * (n + 1)), math.ceil((1 - alpha) * (n + 1))
    lower, upper = np.empty(len(P)), np.empty(len(P))
    for start in range(0, len(P), BLOCK):
        p = P[start:start + BLOCK]
        lower[start:start + BLOCK] = _order(
            np.hstack([p[:, [k]] - r[None, :] for k, r in enumerate(R)]), k_low)
        upper[start:start + BLOCK] = _order(
            np.hstack([p[:, [k]] + r[None, :] for k, r in enumerate(R)]), k_high)
    return lower, upper


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
