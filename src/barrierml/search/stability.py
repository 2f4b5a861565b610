"""What the replicates agree on: descriptor frequencies, the consensus subset, the best score
per size over repeats, the two kinds of held-out score, and the skill verdict."""

import numpy as np
import pandas as pd

Z95 = 1.959963984540054  # the normal quantile of a two-sided 95 % interval


def wilson(successes, n, z=Z95):
    """The Wilson score interval (low, high) of a binomial share successes / n."""
    successes, n = np.asarray(successes, dtype=float), float(n)
    share = successes / n
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * np.sqrt(share * (1 - share) / n + z * z / (4 * n * n))
    # the interval holds the share itself (at 0 and 1 rounding would put it a hair outside)
    return np.clip(np.minimum(centre - half, share), 0.0, 1.0), \
        np.clip(np.maximum(centre + half, share), 0.0, 1.0)


def frequencies(selections, retained):
    """Per descriptor: share of replicates whose chosen subset holds it with its 95 % Wilson
    interval over the repeats (frequency_low, frequency_high), and the mean share of each
    replicate's near-optimal subsets that hold it."""
    rows = []
    for d in retained:
        chosen = sum(d in s["chosen"]["features"] for s in selections)
        near = np.mean([np.mean([d in f.split(";") for f in s["near_optimal"]])
                        for s in selections])
        low, high = wilson(chosen, len(selections))
        rows.append({"descriptor": d, "frequency": chosen / len(selections),
                     "frequency_low": float(low), "frequency_high": float(high),
                     "near_optimal_frequency": float(near)})
    return pd.DataFrame(rows).sort_values(["frequency", "near_optimal_frequency"],
                                          ascending=False, kind="stable", ignore_index=True)


def consensus(freq, min_frequency):
    """Descriptors chosen in at least min_frequency of the replicates, most frequent first; the
    most frequent one alone when none is (the second value says so)."""
    kept = freq[freq["frequency"] >= min_frequency]["descriptor"].tolist()
    return (kept, True) if kept else (freq["descriptor"].iloc[:1].tolist(), False)


def uncertain(freq, min_frequency):
    """Descriptors whose frequency interval straddles min_frequency: more repeats could move
    them into or out of the consensus, so the report marks them instead of deciding."""
    straddle = (freq["frequency_low"] < min_frequency) & (freq["frequency_high"] > min_frequency)
    return freq.loc[straddle, "descriptor"].tolist()


def jaccard(a, b):
    """|a ∩ b| / |a ∪ b| of two descriptor sets (1 for two empty sets)."""
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a | b else 1.0


def split_half(selections, retained, min_frequency):
    """How stable a run's answer is: the Jaccard index of the consensus subsets of its even and
    odd repeats (None with fewer than 2 repeats)."""
    if len(selections) < 2:
        return None
    halves = [consensus(frequencies(selections[start::2], retained), min_frequency)[0]
              for start in (0, 1)]
    return jaccard(*halves)


def by_size(selections):
    """Best selection score per size n: mean, sd and count over replicates."""
    frame = pd.DataFrame([{"n": int(n), "score": v} for s in selections
                          for n, v in s["best_by_size"].items()])
    out = frame.groupby("n")["score"].agg(["mean", "std", "count"]).reset_index()
    return out.rename(columns={"std": "sd"}).fillna({"sd": 0.0})


SCOPES = {"new_compound": "new compound", "new_path": "new path",
          "new_X": "new X cation (family)", "new_A": "new A anion (family)",
          "new_Z": "new Z anion (family)"}
SITES = {"new_X": 0, "new_A": 1, "new_Z": 2}  # the site of X3AZ each family scope holds out


def evaluation(scores):
    """One row per scope from per-replicate held-out scores.

    scores: rows {scope, null (bool), model_rmse, baseline_rmse}. model_rmse is the real
    replicates' mean (and sd), mean_baseline_rmse their mean-prediction baseline, null_rmse the
    null replicates' mean (NaN without nulls).
    """
    frame = pd.DataFrame(scores)
    rows = []
    for scope in [s for s in SCOPES if s in set(frame["scope"])]:
        real = frame[(frame["scope"] == scope) & ~frame["null"]]
        null = frame[(frame["scope"] == scope) & frame["null"]]
        rows.append({"scope": scope, "model_rmse": real["model_rmse"].mean(),
                     "model_rmse_sd": real["model_rmse"].std(ddof=1) if len(real) > 1 else 0.0,
                     "mean_baseline_rmse": real["baseline_rmse"].mean(),
                     "null_rmse": null["model_rmse"].mean() if len(null) else np.nan,
                     "repeats": len(real), "nulls": len(null)})
    return pd.DataFrame(rows)


def paired_gain(frame, scope, min_gain):
    """The verdict's second test in one scope of the score rows `frame`: (gain of the mean
    RMSE over predicting the training mean, paired per-repeat differences, their standard
    error, passed). It passes with a gain of at least min_gain and a mean paired difference of
    more than two standard errors (with one repeat, the gain alone)."""
    real = frame[(frame["scope"] == scope) & ~frame["null"]]
    diff = (real["baseline_rmse"] - real["model_rmse"]).to_numpy(dtype=float)
    gain = 1 - real["model_rmse"].mean() / real["baseline_rmse"].mean()
    se = float(np.std(diff, ddof=1) / np.sqrt(len(diff))) if len(diff) > 1 else np.nan
    clear = bool(len(diff) > 1 and diff.mean() > 2 * se)
    return gain, diff, se, bool(gain >= min_gain) and (clear or len(diff) == 1)


def verdict(real, null, scores, table, min_gain, scope="new_compound"):
    """Skill, with the two tests spelled out.

    1. Selection against chance: the real replicates' mean selection score (the chosen subset's
       CV RMSE; test RMSE in the paper's ranking) is below that of every null replicate, which
       ran the same selection on barriers permuted across compounds (a one-sided permutation
       test at p = 1/(nulls+1) when all nulls lose; skipped without nulls).
    2. Prediction of new compounds (of `scope`): on the same held-out compounds, the chosen
       subsets beat predicting the training mean by at least min_gain of the mean's RMSE on
       average, and by more than two standard errors of the paired per-repeat differences (with
       one repeat, only the first part can be checked, and the verdict says so).
    """
    real_score = float(np.mean([s["chosen"][s["score"]] for s in real]))
    null_scores = [float(s["chosen"][s["score"]]) for s in null]
    compound = table.set_index("scope").loc[scope]
    gain, diff, se, beats_mean = paired_gain(pd.DataFrame(scores), scope, min_gain)
    beats_null = bool(null_scores) and real_score < min(null_scores)
    skill = beats_mean and (beats_null or not null_scores)
    reasons = []
    if null_scores:
        reasons.append(f"selection: {real_score:.1f} meV against the null's best "
                       f"{min(null_scores):.1f} meV over {len(null_scores)} permutations ("
                       + ("below every one" if beats_null else "not below every one") + ")")
    else:
        reasons.append("no null search was run (verdict.permutations: 0)")
    reasons.append(f"{SCOPES[scope]}s: {compound['model_rmse']:.1f} meV against "
                   f"{compound['mean_baseline_rmse']:.1f} meV for the training mean "
                   f"({gain:+.0%}; needs at least {min_gain:.0%} better)")
    reasons.append(f"paired gain over {len(diff)} repeats: {diff.mean():.1f} ± {se:.1f} meV "
                   "(mean ± SE; needs more than 2 SE)" if len(diff) > 1 else
                   "one repeat: the gain's spread is unknown (set repeats.splits ≥ 2)")
    return {"skill": skill, "reason": "; ".join(reasons), "selection_rmse": real_score,
            "null_selection_rmse": null_scores, "gain_over_mean": float(gain),
            "paired_gain_meV": float(diff.mean()), "paired_gain_se_meV": se,
            "beats_null": beats_null, "beats_mean": beats_mean, "min_gain": min_gain}


def held_out(X, y, compounds, own, selection, model, backend, split, seed, replicate):
    """A replicate's chosen subset scored on both kinds of held-out data.

    `own` is the replicate's own split (its kind: 'new_compound' or 'new_path'); its score is
    the search row's. The other kind gets a random split of the same test share (whole
    compounds, or single paths), named by the replicate, with the chosen subset refitted by
    the same model and backend. X holds the retained descriptors, y the replicate's barriers.
    """
    from barrierml.search.evaluate import subset_predictions
    from barrierml.search.replicates import is_null
    from barrierml.split import balanced_split
    from barrierml.tune.grid import rmse

    chosen = selection["chosen"]
    rows = [{"scope": own, "null": is_null(replicate),
             "model_rmse": chosen["test_rmse"], "baseline_rmse": selection["baseline_test_rmse"]}]
    other = "new_path" if own == "new_compound" else "new_compound"
    groups = compounds if other == "new_compound" else None
    train, test, _ = balanced_split(y, split["test_fraction"], np.inf, np.inf, 1, seed, groups,
                                    ("other", replicate))
    data = {"X_train": X[train], "y_train": y[train], "X_test": X[test], "y_test": y[test]}
    _, pred = subset_predictions(data, model, chosen["rank"], backend)
    rows.append({"scope": other, "null": rows[0]["null"], "model_rmse": rmse(y[test], pred),
                 "baseline_rmse": rmse(y[test], np.full(len(test), y[train].mean()))})
    return rows


def families(compounds):
    """Per family scope, each compound's element on that site of X3AZ; {} when a compound is
    not named X3AZ (then there are no families to hold out)."""
    from barrierml.data.mlip.compositions import species

    try:
        sites = [species(str(c)) for c in compounds]
    except ValueError:
        return {}
    return {scope: np.array([s[k] for s in sites]) for scope, k in SITES.items()}


def family_scores(X, y, groups, selection, model, backend, replicate):
    """Leave-family-out scores of a replicate's chosen subset: for each site, every element on
    it held out in turn (all compounds that have it), the subset refitted on the others; one
    row per site, the RMSE pooled over its held-out families, and the same for predicting the
    training mean. A site with a single element has nothing to hold out."""
    from barrierml.search.evaluate import subset_predictions
    from barrierml.search.replicates import is_null

    rows = []
    for scope, element in groups.items():
        if len(np.unique(element)) < 2:
            continue
        model_sq = base_sq = 0.0
        for value in np.unique(element):
            test = element == value
            data = {"X_train": X[~test], "y_train": y[~test], "X_test": X[test],
                    "y_test": y[test]}
            _, pred = subset_predictions(data, model, selection["chosen"]["rank"], backend)
            model_sq += float(np.sum((y[test] - pred) ** 2))
            base_sq += float(np.sum((y[test] - y[~test].mean()) ** 2))
        rows.append({"scope": scope, "null": is_null(replicate),
                     "model_rmse": float(np.sqrt(model_sq / len(y))),
                     "baseline_rmse": float(np.sqrt(base_sq / len(y)))})
    return rows


def skill_by_scope(scores, min_gain):
    """Per scope: whether the chosen subsets beat predicting the training mean there (the
    verdict's second test, in every scope)."""
    frame = pd.DataFrame(scores)
    return {scope: paired_gain(frame, scope, min_gain)[3]
            for scope in SCOPES if scope in set(frame["scope"])}


FRACTIONS = (0.25, 0.5, 0.75, 1.0)  # shares of a repeat's training compounds


def learning_curve(X, y, compounds, index, split, selection_rank, models, seed):
    """New-compound RMSE against the number of training compounds: for each real repeat k (its
    own test compounds; `models[k]` is its (model, backend)) and each share of its training
    compounds (drawn from a stream named by the repeat and the share), the consensus subset
    refitted on those compounds only. `index` maps the split file's row ids to positions in X.
    Rows: repeat, share, compounds, rmse."""
    from barrierml.rng import generator
    from barrierml.search.evaluate import subset_predictions
    from barrierml.tune.grid import rmse

    compounds = np.asarray(compounds)
    rows = []
    for k, (model, backend) in enumerate(models):
        own = split[split["repeat"] == k]
        train, test = (index.get_indexer(own.loc[own["set"] == s, "row"])
                       for s in ("train", "test"))
        names = np.unique(compounds[train])
        for share in FRACTIONS:
            count = max(2, round(share * len(names)))
            kept = generator(seed, "learning", k, share).choice(names, count, replace=False)
            fit = train[np.isin(compounds[train], kept)]
            data = {"X_train": X[fit], "y_train": y[fit], "X_test": X[test], "y_test": y[test]}
            _, pred = subset_predictions(data, model, selection_rank, backend)
            rows.append({"repeat": k, "share": share, "compounds": count,
                         "rmse": rmse(y[test], pred)})
    return pd.DataFrame(rows)


def tied(top, score):
    """Whether every subset of a replicate's top table scored the same: its model ignores the
    descriptors (a lasso that keeps no coefficient predicts the training mean), so which subset
    it 'chose' is the tie-break, not a finding."""
    values = top[score].to_numpy(dtype=float)
    return bool(np.ptp(values) <= 1e-9 * max(1.0, np.abs(values).max()))


def noise_floor(table):
    """(floor in meV, what it is) of the learning curve: the RMS of the table's per-barrier
    uncertainties where it has them, else the within-compound spread of the barriers."""
    known = table["uncertainty"].dropna() if "uncertainty" in table else pd.Series(dtype=float)
    if len(known):
        what = f"the table's per-barrier uncertainty (RMS over {len(known)} of {len(table)} rows)"
        return float(np.sqrt(np.mean(known ** 2))), what
    return (within_compound_spread(table["barrier"].to_numpy(dtype=float), table["compound"]),
            "the within-compound spread")


def within_compound_spread(y, compounds):
    """The RMS deviation of barriers from their compound's mean: the noise floor of the
    learning curve when the table has no per-barrier uncertainty."""
    frame = pd.DataFrame({"y": y, "c": compounds})
    return float(np.sqrt(np.mean((frame["y"] - frame.groupby("c")["y"].transform("mean")) ** 2)))
