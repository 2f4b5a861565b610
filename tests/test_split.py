import numpy as np
import pytest

from barrierml.errors import InputError
from barrierml.split import balanced_split, check_sizes, fold_spread, stats, stratified_folds


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_split_meets_tolerance_and_partitions(seed):
    y = np.random.default_rng(seed).lognormal(5.4, 0.5, 317)
    train, test, record = balanced_split(y, 0.2, 0.02, 0.05, 10_000, seed)
    assert sorted(np.concatenate([train, test])) == list(range(len(y)))
    assert len(test) == round(0.2 * len(y))
    (m_tr, s_tr), (m_te, s_te) = stats(y[train]), stats(y[test])
    assert abs(m_te - m_tr) <= 0.02 * m_tr and abs(s_te - s_tr) <= 0.05 * s_tr
    assert record["tries"] >= 1 and record["test_mean"] == pytest.approx(m_te)


def test_split_is_reproducible_and_seed_dependent():
    y = np.random.default_rng(9).normal(260, 130, 300)
    a = balanced_split(y, 0.2, 0.05, 0.1, 1000, 7)[1]
    b = balanced_split(y, 0.2, 0.05, 0.1, 1000, 7)[1]
    c = balanced_split(y, 0.2, 0.05, 0.1, 1000, 8)[1]
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_split_gives_up_with_advice():
    y = np.array([1.0] * 5 + [1000.0] * 5)
    with pytest.raises(InputError, match="max_tries"):
        balanced_split(y, 0.2, 0.0, 0.0, 20, 0)


@pytest.mark.parametrize("seed", range(5))
def test_folds_meet_the_ten_percent_rule(seed):
    y = np.random.default_rng(seed).lognormal(5.4, 0.5, 253)  # skew like the paper's barriers
    folds = stratified_folds(y, 10, 0.10, 1000, seed)
    sizes = np.bincount(folds)
    assert len(sizes) == 10 and sizes.max() - sizes.min() <= 1
    means = [y[folds == k].mean() for k in range(10)]
    assert (max(means) - min(means)) < 0.10 * y.mean()
    assert fold_spread(y, folds) == pytest.approx((max(means) - min(means)) / y.mean())


def test_folds_refuse_an_impossible_tolerance():
    y = np.random.default_rng(0).lognormal(5.0, 1.5, 40)
    with pytest.raises(InputError, match="fold_tolerance") as error:
        stratified_folds(y, 10, 1e-9, 5, 0)
    closest = float(str(error.value).split("closest: ")[1].split("%")[0]) / 100
    assert "40 training rows" in str(error.value) and "fewer split.folds" in str(error.value)
    folds = stratified_folds(y, 10, closest + 0.001, 5, 0)  # the closest spread is reachable
    assert fold_spread(y, folds) <= closest + 0.0005


@pytest.mark.parametrize("rows, folds, ok", [(50, 10, True), (30, 10, True), (24, 10, False),
                                             (24, 5, True), (3, 2, False)])
def test_sizes_need_test_rows_and_two_training_rows_a_fold(rows, folds, ok):
    split = {"test_fraction": 0.2, "folds": folds}
    if ok:
        check_sizes(rows, split, "t.csv", "mechanism 'vacancy'")
        return
    with pytest.raises(InputError, match=r"t\.csv: mechanism 'vacancy'.*\n  Fix: add rows") as err:
        check_sizes(rows, split, "t.csv", "mechanism 'vacancy'")
    n_train = rows - round(0.2 * rows)
    assert (f"at most {n_train // 2}" in str(err.value)) == (n_train // 2 >= 2)


def _grouped(seed, n_groups=36):
    rng = np.random.default_rng(seed)
    sizes = rng.choice([1, 6, 12], n_groups)
    groups = np.repeat([f"c{g}" for g in range(n_groups)], sizes)
    level = rng.lognormal(5.4, 0.4, n_groups)  # compounds differ, paths vary around them
    return np.repeat(level, sizes) + rng.normal(0, 30, len(groups)), groups


@pytest.mark.parametrize("seed", range(4))
def test_grouped_split_keeps_every_compound_on_one_side(seed):
    y, groups = _grouped(seed)
    train, test, record = balanced_split(y, 0.2, 0.05, 0.10, 10_000, seed, groups)
    assert not set(groups[train]) & set(groups[test])
    assert sorted(np.concatenate([train, test])) == list(range(len(y)))
    assert record["test_groups"] == sorted(set(groups[test]))
    (m_tr, s_tr), (m_te, s_te) = stats(y[train]), stats(y[test])
    assert abs(m_te - m_tr) <= 0.05 * m_tr and abs(s_te - s_tr) <= 0.10 * s_tr
    assert abs(len(test) - 0.2 * len(y)) <= 12  # whole compounds: within one compound's paths


@pytest.mark.parametrize("seed", range(4))
def test_grouped_folds_keep_compounds_whole_and_meet_the_rule(seed):
    y, groups = _grouped(seed)
    folds = stratified_folds(y, 5, 0.10, 1000, seed, groups)
    assert all(len(set(folds[groups == g])) == 1 for g in set(groups))
    assert set(folds) == set(range(5))
    assert fold_spread(y, folds) < 0.10


def test_without_groups_the_split_is_the_papers():
    """Rows as their own groups draw exactly the path-level split (repeat 0 of paper mode)."""
    y = np.random.default_rng(3).normal(260, 130, 300)
    a = balanced_split(y, 0.2, 0.05, 0.1, 1000, 7)
    b = balanced_split(y, 0.2, 0.05, 0.1, 1000, 7, groups=np.arange(300))
    assert np.array_equal(a[1], b[1]) and a[2]["tries"] == b[2]["tries"]


def test_groups_that_cannot_balance_say_so():
    y = np.array([100.0] * 12 + [900.0] * 12 + [500.0])
    groups = np.array(["a"] * 12 + ["b"] * 12 + ["c"])
    with pytest.raises(InputError, match="whole compounds") as error:
        balanced_split(y, 0.2, 0.05, 0.1, 50, 0, groups)
    assert "split.group_by: null" in str(error.value)
    with pytest.raises(InputError, match="fewer compounds than the 5"):
        stratified_folds(y, 5, 0.1, 10, 0, groups)


def test_too_few_compounds_for_grouped_folds_stop_at_parse_time():
    with pytest.raises(InputError, match="compounds are too few") as error:
        check_sizes(100, {"test_fraction": 0.2, "folds": 5}, "t.csv", "mechanism 'v'", 6)
    assert "split.folds to at most 4" in str(error.value)
    check_sizes(100, {"test_fraction": 0.2, "folds": 5}, "t.csv", "mechanism 'v'", 7)


def test_repeats_are_different_splits_and_repeat_zero_is_unchanged():
    import pandas as pd

    from barrierml.split import repeated_splits

    y, groups = _grouped(5)
    table = pd.DataFrame({"barrier": y, "compound": groups})
    cfg = {"test_fraction": 0.2, "mean_tolerance": 0.05, "std_tolerance": 0.1,
           "max_tries": 10_000, "folds": 5, "fold_tolerance": 0.1, "group_by": "compound"}
    split, records = repeated_splits(table, cfg, 11, 3)
    one, _ = repeated_splits(table, cfg, 11, 1)
    assert [r["repeat"] for r in records] == [0, 1, 2]
    tests = [frozenset(split[(split["repeat"] == k) & (split["set"] == "test")]["row"])
             for k in range(3)]
    assert len(set(tests)) == 3
    pd.testing.assert_frame_equal(one.reset_index(drop=True),
                                  split[split["repeat"] == 0].reset_index(drop=True))
