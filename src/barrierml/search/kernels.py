"""Native engine (numba): the study's tree models, many subsets at once.

Same algorithms and hyperparameters as scikit-learn's ExtraTreesRegressor (bootstrap=False),
AdaBoostRegressor(ExtraTreesRegressor(...)), RandomForestRegressor, BaggingRegressor(
DecisionTreeRegressor()), DecisionTreeRegressor and GradientBoostingRegressor (least squares).
X is rounded to float32 as scikit-learn's trees do. An extremely randomized split draws a
uniform threshold between the node's min and max for up to max_features non-constant candidate
features and keeps the best variance reduction; a best split tries every threshold between
sorted values. Forests and bagging pass bootstrap counts as weights (min_samples_leaf then
counts rows). AdaBoost.R2 draws a weighted bootstrap per boost, scores linear/square/exponential
loss, stops early on zero or >= 0.5 average loss, and predicts with the weighted median.
Random numbers differ from scikit-learn's, so results agree in distribution, not bit for bit
(tests/test_engine.py). As in scikit-learn, a candidate must beat the best so far strictly, so
candidates that divide the rows alike (equal in exact arithmetic) are decided by how their
sums round, which follows each implementation's summation order (bench/README.md). Repeated
bootstrap rows are kept once with a count, trees predict while they are grown, and the best
splitter sorts the training rows once per fit or forest. Per-node code makes few array views
(one per node, one per feature scanned): each costs two atomic reference counts.
"""


import math

import numba as nb
import numpy as np

EPSILON = np.finfo(np.float64).eps
FEATURE_THRESHOLD = np.float32(1e-7)
# A split whose proxy, times both sides' weights, falls this far below the best's cannot win
# after rounding either; only the rest are divided out and compared as scikit-learn does.
CLEARLY_WORSE = 1.0 - 1e-9


@nb.njit(cache=True, inline="always")
def _same(low, high):
    """high is no more than FEATURE_THRESHOLD above low, added in float32 as scikit-learn does
    (so values a float32 step apart near 1 count as one value)."""
    return high <= np.float32(low) + FEATURE_THRESHOLD


@nb.njit(cache=True, inline="always")
def _draw(perm, left):
    """A feature drawn uniformly from perm[:left], then moved out of reach to perm[left - 1]."""
    j = np.random.randint(0, left)
    f = perm[j]
    perm[j] = perm[left - 1]
    perm[left - 1] = f
    return f


@nb.njit(cache=True)
def _presort(Z, n, best_splits):
    """Per feature, the training rows (i < n) in ascending order of Z (stable), from which the
    best splitter's row lists start; an empty array for extremely randomized trees."""
    if not best_splits:
        return np.empty((0, 0), dtype=np.int64)
    order = np.empty((Z.shape[1], n), dtype=np.int64)
    for f in range(Z.shape[1]):
        order[f] = np.argsort(Z[:n, f], kind="mergesort")
    return order


@nb.njit(cache=True)
def _best_split(Z, y, w, lists, b, s, e, perm, max_features, min_leaf, by_rows, wsum, ysum):
    """scikit-learn's best splitter: max_features features drawn in random order, constant ones
    counted as drawn (more only while every drawn one was constant), every threshold between
    consecutive distinct values in the node; (feature, threshold, w, Σy, Σy² left).
    lists[b, f, s:e] holds the node's rows in ascending order of feature f (see _grow)."""
    m = e - s
    p = perm.shape[0]
    for f in range(p):
        perm[f] = f
    best = -np.inf
    best_f, best_t, best_w, best_s, best_q = -1, 0.0, 0.0, 0.0, 0.0
    visited = 0
    evaluated = 0
    left_to_draw = p
    while left_to_draw > 0 and (visited < max_features or evaluated == 0):
        f = _draw(perm, left_to_draw)
        left_to_draw -= 1
        visited += 1
        rows = lists[b, f, s:e]
        if _same(Z[rows[0], f], Z[rows[m - 1], f]):
            continue
        evaluated += 1
        wl, sl, ql = 0.0, 0.0, 0.0
        x1 = Z[rows[0], f]
        for q in range(m - 1):
            i = rows[q]
            wl += w[i]
            sl += w[i] * y[i]
            ql += w[i] * y[i] * y[i]
            x0, x1 = x1, Z[rows[q + 1], f]
            if _same(x0, x1):
                continue
            wr = wsum - wl
            left, right = (q + 1, m - q - 1) if by_rows else (wl, wr)
            if left < min_leaf or right < min_leaf:
                continue
            sr = ysum - sl
            if sl * sl * wr + sr * sr * wl < best * wl * wr * CLEARLY_WORSE:
                continue  # the proxy below, times wl·wr: no division needed to reject it
            proxy = sl * sl / wl + sr * sr / wr
            if proxy > best:
                best = proxy
                best_f, best_w, best_s, best_q = f, wl, sl, ql
                best_t = x0 / 2.0 + x1 / 2.0
                if best_t == x1:
                    best_t = x0
    return best_f, best_t, best_w, best_s, best_q


@nb.njit(cache=True)
def _partition(lists, b, s, e, goes_left, mid, features):
    """Stable partition of lists[b, f, s:e] into lists[1 - b, f, s:e] for f < features: rows
    with goes_left first, the right child's from mid on."""
    for f in range(features):
        left, right = s, mid
        for k in range(s, e):  # branch-free: one store, to whichever side the row goes
            i = lists[b, f, k]
            g = goes_left[i]
            lists[1 - b, f, left if g else right] = i
            left += g
            right += 1 - g


@nb.njit(cache=True)
def _grow(Z, y, w, n, max_features, min_leaf, max_depth, pred, mdi, best_splits, by_rows, order):
    """Grow one tree on the rows i < n with w[i] > 0; add its prediction to pred (all rows of Z)
    and each split's weighted impurity decrease to mdi[feature].

    Z stacks training rows (first n) over rows that only need a prediction. Extremely randomized
    splits: per node, one pass finds every feature's range and one pass sums the left side of
    every candidate. best_splits: scikit-learn's best splitter instead, on per-feature sorted
    row lists (from `order`, _presort) that each split partitions stably, so no node sorts.
    by_rows: w are bootstrap counts (as forests pass them), so min_samples_leaf counts distinct
    rows, not weight.
    """
    p = Z.shape[1]
    act = np.empty(n, dtype=np.int64)
    pas = np.empty(Z.shape[0], dtype=np.int64)
    na = 0
    npas = 0
    for i in range(Z.shape[0]):
        if i < n and w[i] > 0:
            act[na] = i
            na += 1
        else:
            pas[npas] = i
            npas += 1
    # per feature, the rows in ascending order: a node's rows are a slice of each, in the
    # buffer of its depth's parity (each split writes its children's into the other)
    lists = np.empty((2 if best_splits else 0, p, na + 1), dtype=np.int64)
    for f in range(p if best_splits else 0):
        c = 0
        for i in order[f]:
            lists[0, f, c] = i
            c += w[i] > 0
    goes_left = np.zeros(n if best_splits else 0, dtype=np.uint8)
    spill = np.empty(npas, dtype=np.int64)
    stack = np.empty((2 * na + 2, 5), dtype=np.int64)
    stack[0] = (0, na, 0, npas, 0)
    top = 1
    perm = np.empty(p, dtype=np.int64)
    lo = np.empty(p)
    hi = np.empty(p)
    cand = np.empty(p, dtype=np.int64)
    thr = np.empty(p)
    wl = np.empty(p)
    sl = np.empty(p)
    ql = np.empty(p)
    while top > 0:
        top -= 1
        s, e, ps, pe, depth = stack[top, 0], stack[top, 1], stack[top, 2], stack[top, 3], \
            stack[top, 4]
        b = depth & 1
        if best_splits:
            act = lists[b, 0]
        wsum = 0.0
        ysum = 0.0
        ysq = 0.0
        for k in range(s, e):
            i = act[k]
            wsum += w[i]
            ysum += w[i] * y[i]
            ysq += w[i] * y[i] * y[i]
        value = ysum / wsum
        size = e - s if by_rows else wsum
        leaf = (size < 2 or size < 2 * min_leaf or (max_depth > 0 and depth >= max_depth)
                or ysq / wsum - value * value <= EPSILON)
        best_f = -1
        best_t, left_w, left_s, left_q = 0.0, 0.0, 0.0, 0.0
        if not leaf and best_splits:
            best_f, best_t, left_w, left_s, left_q = _best_split(
                Z, y, w, lists, b, s, e, perm, max_features, min_leaf, by_rows, wsum, ysum)
        elif not leaf:
            for f in range(p):
                lo[f] = np.inf
                hi[f] = -np.inf
                perm[f] = f
            for k in range(s, e):
                i = act[k]
                for f in range(p):
                    v = Z[i, f]
                    lo[f] = min(lo[f], v)
                    hi[f] = max(hi[f], v)
            n_cand = 0
            visited = 0
            left_to_draw = p
            while left_to_draw > 0 and (visited < max_features or n_cand == 0):
                f = _draw(perm, left_to_draw)
                left_to_draw -= 1
                visited += 1
                if _same(lo[f], hi[f]):
                    continue
                t = lo[f] + (hi[f] - lo[f]) * np.random.random()
                if t == hi[f]:
                    t = lo[f]
                cand[n_cand] = f
                thr[n_cand] = t
                wl[n_cand] = 0.0
                sl[n_cand] = 0.0
                ql[n_cand] = 0.0
                n_cand += 1
            for k in range(s, e):  # branch-free: a left-or-right guess per row would miss half
                i = act[k]
                wi = w[i]
                wy = wi * y[i]
                wyy = wy * y[i]
                for c in range(n_cand):
                    left = 1.0 if Z[i, cand[c]] <= thr[c] else 0.0
                    wl[c] += left * wi
                    sl[c] += left * wy
                    ql[c] += left * wyy
            best = -np.inf
            for c in range(n_cand):
                wr = wsum - wl[c]
                if wl[c] < min_leaf or wr < min_leaf:
                    continue
                proxy = sl[c] * sl[c] / wl[c] + (ysum - sl[c]) * (ysum - sl[c]) / wr
                if proxy > best:
                    best = proxy
                    best_f = cand[c]
                    best_t = thr[c]
                    left_w, left_s, left_q = wl[c], sl[c], ql[c]
        if best_f < 0:
            for k in range(s, e):
                pred[act[k]] += value
            for k in range(ps, pe):
                pred[pas[k]] += value
            continue
        wr = wsum - left_w
        sr = ysum - left_s
        mdi[best_f] += (ysq - value * ysum - (left_q - left_s ** 2 / left_w)
                        - (ysq - left_q - sr * sr / wr))
        if best_splits:  # every feature's list while the children may split, else the rows
            mid = s
            for k in range(s, e):
                g = Z[act[k], best_f] <= best_t
                goes_left[act[k]] = g
                mid += g
            deeper = max_depth == 0 or depth + 1 < max_depth
            _partition(lists, b, s, e, goes_left, mid, p if deeper else 1)
        else:
            mid = s
            for k in range(s, e):
                if Z[act[k], best_f] <= best_t:
                    act[k], act[mid] = act[mid], act[k]
                    mid += 1
        pmid = ps
        r = 0
        for k in range(ps, pe):  # branch-free, as _partition: a row's side is a coin toss
            i = pas[k]
            g = Z[i, best_f] <= best_t
            pas[pmid] = i
            spill[r] = i
            pmid += g
            r += 1 - g
        pas[pmid:pe] = spill[:r]
        stack[top] = (mid, e, pmid, pe, depth + 1)
        stack[top + 1] = (s, mid, ps, pmid, depth + 1)
        top += 2


@nb.njit(cache=True)
def _forest(Z, y, w, n, n_trees, max_features, min_leaf, max_depth, mdi, best_splits, draws):
    """Mean prediction of n_trees trees for every row of Z; adds the forest's MDI to mdi.

    draws > 0: each tree sees a bootstrap of that many rows, passed as counts (random forest,
    bagging). As scikit-learn: each tree's MDI is normalised to sum 1, trees that never split
    are left out, and the mean is normalised again.
    """
    pred = np.zeros(Z.shape[0])
    tree = np.zeros(Z.shape[1])
    forest = np.zeros(Z.shape[1])
    counts = np.ones(n)
    order = _presort(Z, n, best_splits)
    for _ in range(n_trees):
        tree[:] = 0.0
        if draws > 0:
            counts[:] = 0.0
            for _ in range(draws):
                counts[np.random.randint(0, n)] += 1.0
        _grow(Z, y, w * counts, n, max_features, min_leaf, max_depth, pred, tree, best_splits,
              draws > 0, order)
        if tree.sum() > 0:
            forest += tree / tree.sum()
    if forest.sum() > 0:
        mdi += forest / forest.sum()
    return pred / n_trees


@nb.njit(cache=True)
def _weighted_median(preds, weights, m):
    """AdaBoost.R2's prediction: per row, the weighted median over the first m estimators."""
    n = preds.shape[1]
    out = np.empty(n)
    for r in range(n):
        order = np.argsort(preds[:m, r])
        total = 0.0
        for b in range(m):
            total += weights[b]
        cum = 0.0
        pick = order[m - 1]
        for b in range(m):
            cum += weights[order[b]]
            if cum >= 0.5 * total:
                pick = order[b]
                break
        out[r] = preds[pick, r]
    return out


@nb.njit(cache=True)
def _gradient_boost(Z, y, n, stages, learning_rate, max_features, min_leaf, max_depth, mdi):
    """Least-squares gradient boosting as scikit-learn's GradientBoostingRegressor: start from
    the mean, fit each best-split tree to the residuals, add learning_rate times its leaves."""
    model = np.full(Z.shape[0], y.mean())
    tree = np.empty(Z.shape[0])
    w = np.ones(n)
    order = _presort(Z, n, True)
    for _ in range(stages):
        tree[:] = 0.0
        _grow(Z, y - model[:n], w, n, max_features, min_leaf, max_depth, tree, mdi, True, False,
              order)
        model += learning_rate * tree
    if mdi.sum() > 0:
        mdi /= mdi.sum()
    return model


@nb.njit(cache=True)
def fit_predict(X, y, Xt, n_boost, learning_rate, loss, n_trees, max_features, min_leaf,
                max_depth, best_splits, draws, gradient):
    """Fit a tree ensemble on (X, y): predictions for X and Xt, and the model's MDI
    (scikit-learn's feature_importances_).

    n_boost > 0: AdaBoost.R2 over forests of extremely randomized trees; n_boost = 0: the forest
    alone (ExtraTreesRegressor), or with best_splits and draws a random forest, bagged trees or,
    with one tree and no draws, a decision tree; gradient: n_boost stages of gradient boosting.
    """
    n = X.shape[0]
    Z = np.concatenate((X, Xt))
    mdi = np.zeros(X.shape[1])
    if gradient:
        pred = _gradient_boost(Z, y, n, n_boost, learning_rate, max_features, min_leaf,
                               max_depth, mdi)
        return pred[:n], pred[n:], mdi
    if n_boost == 0:
        pred = _forest(Z, y, np.ones(n), n, n_trees, max_features, min_leaf, max_depth, mdi,
                       best_splits, draws)
        return pred[:n], pred[n:], mdi
    sw = np.full(n, 1.0 / n)
    preds = np.empty((n_boost, n))
    preds_t = np.empty((n_boost, Xt.shape[0]))
    weights = np.zeros(n_boost)
    m = 0
    for b in range(n_boost):
        cdf = np.cumsum(sw)
        cdf /= cdf[-1]
        counts = np.zeros(n)
        for _ in range(n):
            i = np.searchsorted(cdf, np.random.random(), side="right")
            counts[min(i, n - 1)] += 1.0
        forest_mdi = np.zeros(X.shape[1])
        both = _forest(Z, y, counts, n, n_trees, max_features, min_leaf, max_depth, forest_mdi,
                       best_splits, draws)
        pred, pred_t = both[:n], both[n:]
        err = np.abs(pred - y)
        emax = 0.0
        for i in range(n):
            if sw[i] > 0:
                emax = max(emax, err[i])
        if emax != 0:
            err /= emax
        if loss == 1:
            err = err * err
        elif loss == 2:
            err = 1.0 - np.exp(-err)
        avg = 0.0
        for i in range(n):
            if sw[i] > 0:
                avg += sw[i] * err[i]
        if avg <= 0:
            preds[m] = pred
            preds_t[m] = pred_t
            weights[m] = 1.0
            mdi += forest_mdi
            m += 1
            break
        if avg >= 0.5:
            if m == 0:  # scikit-learn keeps a lone first estimator, with weight 0
                preds[m] = pred
                preds_t[m] = pred_t
                m += 1
            break
        beta = avg / (1.0 - avg)
        preds[m] = pred
        preds_t[m] = pred_t
        weights[m] = learning_rate * math.log(1.0 / beta)
        mdi += weights[m] * forest_mdi
        m += 1
        if b < n_boost - 1:
            for i in range(n):
                if sw[i] > 0:
                    sw[i] *= beta ** ((1.0 - err[i]) * learning_rate)
        total = sw.sum()
        if not np.isfinite(total) or total <= 0:
            break
        if b < n_boost - 1:
            sw /= total
    total = weights[:m].sum()
    if total > 0:
        mdi /= total
    return _weighted_median(preds, weights, m), _weighted_median(preds_t, weights, m), mdi


@nb.njit(cache=True)
def feature_count(fraction, count, p):
    """scikit-learn's max_features for p features: a fraction of p (at least 1) or a count."""
    return max(1, int(fraction * p)) if fraction > 0 else min(count, p)


@nb.njit(cache=True)
def bootstrap_size(fraction, n):
    """scikit-learn's bootstrap size: max(int(fraction * n), 1); 0 (no bootstrap) for 0."""
    return max(int(fraction * n), 1) if fraction > 0 else 0


@nb.njit(cache=True)
def _rmse(a, b):
    return math.sqrt(np.mean((a - b) ** 2))


@nb.njit(cache=True, parallel=True)
def score_subsets(X, y, Xt, yt, members, sizes, seeds, folds, n_boost, learning_rate, loss,
                  n_trees, mf_fraction, mf_count, min_leaf, max_depth, best_splits,
                  draw_fraction, gradient):
    """Test, train, CV RMSE and the CV RMSE's standard error (when folds has ids >= 0) of every
    subset, in parallel.

    members[s, :sizes[s]] are the columns of subset s; its random stream starts from seeds[s],
    so results do not depend on threads or on which subsets share a call.
    """
    n_sub = sizes.shape[0]
    out = np.full((n_sub, 4), np.nan)
    n_folds = folds.max() + 1
    for s in nb.prange(n_sub):
        np.random.seed(seeds[s])
        cols = members[s, : sizes[s]]
        Xs = np.ascontiguousarray(X[:, cols])
        Xts = np.ascontiguousarray(Xt[:, cols])
        mf = feature_count(mf_fraction, mf_count, sizes[s])
        pred, pred_t, _ = fit_predict(Xs, y, Xts, n_boost, learning_rate, loss, n_trees, mf,
                                      min_leaf, max_depth, best_splits,
                                      bootstrap_size(draw_fraction, y.shape[0]), gradient)
        out[s, 0] = _rmse(yt, pred_t)
        out[s, 1] = _rmse(y, pred)
        if n_folds > 0:
            sq = np.zeros(n_folds)
            count = np.zeros(n_folds)
            for k in range(n_folds):
                fit = folds != k
                val = folds == k
                _, pv, _ = fit_predict(np.ascontiguousarray(Xs[fit]), y[fit],
                                       np.ascontiguousarray(Xs[val]), n_boost, learning_rate,
                                       loss, n_trees, mf, min_leaf, max_depth, best_splits,
                                       bootstrap_size(draw_fraction, int(fit.sum())), gradient)
                sq[k] = np.sum((y[val] - pv) ** 2)
                count[k] = val.sum()
            out[s, 2] = math.sqrt(sq.sum() / y.shape[0])
            out[s, 3] = np.std(np.sqrt(sq / count)) * math.sqrt(n_folds / (n_folds - 1.0)) \
                / math.sqrt(n_folds)
    return out


@nb.njit(cache=True)
def seed_stream(seed):
    np.random.seed(seed)
