"""Selection inside a replicate (1-SE rule), what the replicates agree on, and the verdict."""

import numpy as np
import pandas as pd
import pytest

from barrierml.search.replicates import parse, permuted_barriers, replicate_ids
from barrierml.search.selection import choose
from barrierml.search.stability import (
    Z95,
    by_size,
    consensus,
    evaluation,
    families,
    family_scores,
    frequencies,
    jaccard,
    learning_curve,
    noise_floor,
    skill_by_scope,
    split_half,
    tied,
    uncertain,
    verdict,
    wilson,
    within_compound_spread,
)


def _top():
    return pd.DataFrame({
        "rank": [0, 1, 2, 10, 11, 20], "size": [1, 1, 1, 2, 2, 3],
        "features": ["a", "b", "c", "a;b", "a;c", "a;b;c"],
        "cv_rmse": [60.0, 70.0, 80.0, 51.0, 55.0, 50.0], "cv_se": [3.0, 3, 3, 2.5, 2, 2.0],
        "test_rmse": [58.0, 69, 79, 49, 54, 52], "train_rmse": [50.0, 60, 70, 40, 45, 30]})


def test_one_standard_error_rule_takes_the_smallest_size_within_reach():
    chosen, near, reach = choose(_top(), "cv_rmse")
    assert reach == 52.0  # best 50 + its standard error 2
    assert chosen["features"] == "a;b" and chosen["n"] == 2
    assert sorted(near["features"]) == ["a;b", "a;b;c"]


def test_test_ranking_is_the_papers_argmin():
    chosen, near, _ = choose(_top(), "test_rmse")
    assert chosen["features"] == "a;b" and near["features"].tolist() == ["a;b"]


def _selection(features, near, score=50.0, n=None):
    return {"replicate": "x", "score": "cv_rmse", "chosen": {"features": features,
            "n": n or len(features), "cv_rmse": score}, "near_optimal": near,
            "best_by_size": {"1": score + 10, "2": score}}


def test_wilson_interval_of_a_share():
    for n in (4, 10, 20):
        assert wilson(0, n)[1] == pytest.approx(Z95 ** 2 / (n + Z95 ** 2))  # 0 successes
        for k in range(n + 1):
            low, high = wilson(k, n)
            assert 0 <= low <= k / n <= high <= 1
            assert (low, high) == pytest.approx((1 - wilson(n - k, n)[1], 1 - wilson(n - k, n)[0]))
    assert wilson(5, 10)[1] - wilson(5, 10)[0] > wilson(10, 20)[1] - wilson(10, 20)[0]


def test_descriptors_whose_interval_straddles_the_threshold_are_uncertain():
    reps = [_selection(["a"] + (["b"] if k < 5 else []), ["a"]) for k in range(10)]
    freq = frequencies(reps, ["a", "b", "c"])
    assert (freq["frequency_low"] <= freq["frequency"]).all()
    assert (freq["frequency"] <= freq["frequency_high"]).all()
    assert uncertain(freq, 0.5) == ["b"]  # a: 10/10 -> [0.72, 1]; c: 0/10 -> [0, 0.28]
    assert uncertain(freq, 0.8) == ["a"] and uncertain(freq, 0.25) == ["b", "c"]


def test_frequencies_and_consensus():
    reps = [_selection(["a", "b"], ["a;b", "a"]), _selection(["a"], ["a", "a;c"]),
            _selection(["a", "c"], ["a;c"])]
    freq = frequencies(reps, ["a", "b", "c", "d"]).set_index("descriptor")
    assert freq.loc["a", "frequency"] == 1 and freq.loc["b", "frequency"] == pytest.approx(1 / 3)
    assert freq.loc["c", "near_optimal_frequency"] == pytest.approx((0 + 0.5 + 1) / 3)
    assert consensus(freq.reset_index(), 0.5) == (["a"], True)
    assert set(consensus(freq.reset_index(), 0.3)[0]) == {"a", "b", "c"}
    none = frequencies([_selection(["a"], ["a"]), _selection(["b"], ["b"]),
                        _selection(["c"], ["c"])], ["a", "b", "c"])
    assert consensus(none, 0.5) == (["a"], False)  # none reaches it: the most frequent, flagged
    sizes = by_size(reps)
    assert sizes["n"].tolist() == [1, 2] and sizes["count"].tolist() == [3, 3]


def _scores(models, baseline):
    rows = [{"scope": s, "null": False, "model_rmse": m, "baseline_rmse": baseline}
            for m in models for s in ("new_compound", "new_path")]
    return rows + [{"scope": s, "null": True, "model_rmse": baseline, "baseline_rmse": baseline}
                   for s in ("new_compound", "new_path")]


def _verdict(real, null, models, baseline=100.0):
    scores = _scores(models, baseline)
    return verdict(real, null, scores, evaluation(scores), 0.05)


def test_verdict_needs_the_null_beaten_and_a_clear_gain_over_the_mean():
    real = [_selection(["a"], ["a"], 50.0)]
    null = [_selection(["b"], ["b"], 90.0)] * 3
    good = _verdict(real, null, [60, 62, 58])
    assert good["skill"] and good["beats_null"] and "below every one" in good["reason"]
    lucky_null = _verdict(real, [_selection(["b"], ["b"], 49.0)], [60, 62, 58])
    assert not lucky_null["skill"] and not lucky_null["beats_null"]
    small = _verdict(real, null, [97, 96, 98])
    assert not small["skill"] and "needs at least 5% better" in small["reason"]
    # 8% better on average, but the repeats disagree: not more than 2 SE
    noisy = _verdict(real, null, [70, 125, 95, 78])
    assert noisy["gain_over_mean"] > 0.05 and not noisy["skill"]
    assert "needs more than 2 SE" in noisy["reason"]
    no_null = _verdict(real, [], [60, 62, 58])
    assert no_null["skill"] and "no null search" in no_null["reason"]


def test_replicate_ids_and_streams():
    real, null = replicate_ids({"splits": 2, "seeds": 2}, 2)
    assert real == ["split0_seed0", "split0_seed1", "split1_seed0", "split1_seed1"]
    assert null == ["null0", "null1"]
    assert parse("split0_seed0", 2)["stream"] == ()  # the paper's own streams
    assert parse("split1_seed1", 2) == {"null": False, "split": 1, "stream": ("seed", 1)}
    assert parse("null3", 2)["split"] == 1 and parse("null3", 2)["null"]


def test_permuted_barriers_move_whole_compounds_and_keep_the_values():
    compounds = np.repeat(["a", "b", "c", "d", "e"], [3, 3, 3, 3, 1])
    y = np.arange(13, dtype=float)
    out = permuted_barriers(compounds, y, 1, 0)
    assert sorted(out) == sorted(y)
    assert not np.array_equal(out, y)
    np.testing.assert_array_equal(out, permuted_barriers(compounds, y, 1, 0))
    assert not np.array_equal(out, permuted_barriers(compounds, y, 1, 1))


def test_split_half_agreement_of_the_consensus():
    steady = [_selection(["a", "b"], ["a;b"]) for _ in range(6)]
    assert split_half(steady, ["a", "b", "c"], 0.5) == 1.0
    # even repeats choose a, odd ones a and c: the halves' consensus subsets share a of {a, c}
    mixed = [_selection(["a"] if k % 2 == 0 else ["a", "c"], ["a"]) for k in range(6)]
    assert split_half(mixed, ["a", "b", "c"], 0.5) == 0.5
    assert split_half(steady[:1], ["a", "b"], 0.5) is None
    assert jaccard([], []) == 1.0 and jaccard(["a"], ["b"]) == 0.0


def test_families_are_the_sites_of_x3az_names():
    groups = families(["Li3OCl", "Na3SBr", "Li3SCl"])
    assert [list(groups[s]) for s in ("new_X", "new_A", "new_Z")] == \
        [["Li", "Na", "Li"], ["O", "S", "S"], ["Cl", "Br", "Cl"]]
    assert families(["Li3OCl", "garnet-1"]) == {}  # not every compound is X3AZ: no families


def test_leave_family_out_scores_a_subset_on_unseen_families():
    from barrierml.search.model import Model
    from barrierml.search.subsets import rank_of

    rng = np.random.default_rng(4)
    cations, anions = ["Li", "Na", "K"], ["O", "S", "Se"]
    names = [f"{x}3{a}{z}" for x in cations for a in anions for z in ("F", "Cl", "Br", "I")]
    compound = np.repeat(names, 6)
    X = rng.normal(size=(len(compound), 3))
    y = 200 + 60 * X[:, 0] + rng.normal(0, 5, len(compound))  # descriptor 0 decides
    groups = families(compound)
    model = Model("ridge", {"alpha": 1.0}, 0, "vacancy")
    rows = {}
    for features, label in (([0], "signal"), ([2], "noise")):
        selection = {"chosen": {"rank": rank_of(features, 3)}}
        rows[label] = {r["scope"]: r for r in family_scores(X, y, groups, selection, model,
                                                            "engine", "split0_seed0")}
    assert set(rows["signal"]) == {"new_X", "new_A", "new_Z"}
    for scope, row in rows["signal"].items():
        assert row["model_rmse"] < 0.2 * row["baseline_rmse"], scope
        assert rows["noise"][scope]["model_rmse"] > 0.9 * row["baseline_rmse"], scope
        assert not row["null"]
    # four repeats: the signal subset in new_A and new_Z, the noise subset in new_X
    scores = [{**r, "model_rmse": r["model_rmse"] + k} for k in range(4)
              for label in ("signal", "noise") for r in rows[label].values()
              if (r["scope"] == "new_X") == (label == "noise")]
    skill = skill_by_scope(scores, 0.05)
    assert skill["new_A"] and skill["new_Z"] and not skill["new_X"]


def test_learning_curve_falls_with_more_training_compounds():
    from barrierml.search.model import Model
    from barrierml.search.subsets import rank_of
    from barrierml.split import repeated_splits

    rng = np.random.default_rng(2)
    names = [f"c{i}" for i in range(40)]
    compound = np.repeat(names, 5)
    per = rng.normal(size=(40, 2))
    X = per[[names.index(c) for c in compound]]
    y = 200 + 50 * np.sin(2 * X[:, 0]) + 30 * X[:, 1] + rng.normal(0, 3, len(compound))
    table = pd.DataFrame({"compound": compound, "barrier": y}, index=pd.RangeIndex(len(y),
                                                                                   name="row"))
    split, _ = repeated_splits(table, {"group_by": "compound", "test_fraction": 0.2,
                                       "mean_tolerance": 1.0, "std_tolerance": 1.0,
                                       "max_tries": 100, "folds": 3, "fold_tolerance": 1.0},
                               3, 3)
    curve = learning_curve(X, y, compound, table.index, split, rank_of([0, 1], 2),
                           [(Model("decision_tree", {"max_depth": 4}, 0, "m"), "engine")] * 3, 3)
    means = curve.groupby("share")["rmse"].mean()
    assert list(curve["share"].unique()) == [0.25, 0.5, 0.75, 1.0]
    assert means[1.0] < means[0.25]
    assert within_compound_spread(y, compound) < 6  # the per-path noise only (sd 3)


def test_the_noise_floor_is_the_tables_uncertainty_where_it_has_one():
    table = pd.DataFrame({"compound": ["a", "a", "b", "b"], "barrier": [100.0, 140.0, 300, 300]})
    floor, kind = noise_floor(table)
    assert floor == pytest.approx(np.sqrt(200.0)) and "within-compound" in kind  # ±20, 0, 0
    with_spread = table.assign(uncertainty=[3.0, 4.0, None, None])
    floor, kind = noise_floor(with_spread)
    assert floor == pytest.approx(np.sqrt(12.5)) and "2 of 4 rows" in kind
    floor, _ = noise_floor(table.assign(uncertainty=np.nan))
    assert floor == pytest.approx(np.sqrt(200.0))


def test_a_replicate_whose_subsets_all_score_the_same_is_tied():
    top = pd.DataFrame({"cv_rmse": [92.37, 92.37, 92.37 + 1e-12]})
    assert tied(top, "cv_rmse")
    assert not tied(top.assign(cv_rmse=[92.37, 92.4, 92.37]), "cv_rmse")
