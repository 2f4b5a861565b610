import numpy as np
import pandas as pd
import pytest

from barrierml.data.synthetic import PLANTED, synthetic_table
from barrierml.filter import filter_descriptors, pearson
from barrierml.search.chunks import read_chunk, write_chunk
from barrierml.search.evaluate import evaluate_ranks
from barrierml.search.gather import best_by_size, gather, optimum
from barrierml.search.model import Model
from barrierml.search.subsets import chunk_range, count
from barrierml.split import balanced_split, stratified_folds


def _data(p=6, n=120, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    y = 200 + 60 * X[:, 0] - 40 * X[:, 2] + rng.normal(0, 10, n)
    folds = stratified_folds(y[:96], 4, 0.1, 100, seed)
    return {"X_train": X[:96], "y_train": y[:96], "X_test": X[96:], "y_test": y[96:],
            "folds": folds}


MODEL = Model("extra_trees", {"n_estimators": 5}, 11, "vacancy")


def _run(tmp_path, data, features, chunks, threads, tag):
    total = count(len(features))
    paths = []
    for i in range(chunks):
        start, stop = chunk_range(i, chunks, total)
        path = tmp_path / f"{tag}-{i}.npz"
        evaluate_ranks(data, MODEL, features, range(start, stop), path, threads=threads,
                       log=lambda m: None)
        paths.append(path)
    return paths


def test_results_do_not_depend_on_chunks_threads_or_order(tmp_path):
    data = _data()
    features = [f"f{i}" for i in range(6)]
    one = _run(tmp_path, data, features, 1, 1, "one")
    many = _run(tmp_path, data, features, 5, 2, "many")
    a = read_chunk(one[0])
    b = pd.concat([read_chunk(p) for p in many], ignore_index=True)
    assert len(a) == 63 and a["rank"].tolist() == list(range(63))
    pd.testing.assert_frame_equal(a, b)  # bit-identical scores
    assert "cv_rmse" in a and a["cv_rmse"].notna().all()
    top_a = gather(one, "test_rmse", 3)
    top_b = gather(list(reversed(many)), "test_rmse", 3)
    pd.testing.assert_frame_equal(top_a, top_b)


def test_gather_keeps_top_k_per_size_and_every_single(tmp_path):
    data = _data()
    features = [f"f{i}" for i in range(6)]
    paths = _run(tmp_path, data, features, 3, 1, "g")
    full = pd.concat([read_chunk(p) for p in paths])
    top = gather(paths, "test_rmse", 2)
    assert (top["size"] == 1).sum() == 6
    for size, group in top[top["size"] > 1].groupby("size"):
        expected = full[full["size"] == size].nsmallest(2, "test_rmse")["rank"].tolist()
        assert group["rank"].tolist() == expected
    best = best_by_size(top, "test_rmse")
    assert best["n"].tolist() == list(range(1, 7))
    assert optimum(best, "test_rmse")["test_rmse"] == full["test_rmse"].min()


def test_empty_chunk_leaves_a_valid_file(tmp_path):
    out = tmp_path / "empty.npz"
    assert evaluate_ranks(_data(), MODEL, ["a", "b"], range(2, 2), out, log=lambda m: None) == 0
    assert read_chunk(out).empty


@pytest.mark.slow  # an exhaustive search per mechanism
@pytest.mark.parametrize("mechanism", ["vacancy", "interstitial"])
def test_search_recovers_the_planted_descriptors(tmp_path, catalogue_columns, mechanism):
    table = synthetic_table(catalogue_columns, seed=5)
    table = table[table["mechanism"] == mechanism].reset_index(drop=True)
    y = table["barrier_meV"].to_numpy()
    train, test, _ = balanced_split(y, 0.2, 0.05, 0.1, 10_000, 5)
    rho = pearson(table.loc[train, catalogue_columns])
    retained, _ = filter_descriptors(rho, list(PLANTED[mechanism]), 0.8)
    assert set(PLANTED[mechanism]) <= set(retained)
    X = table[retained].to_numpy()
    data = {"X_train": X[train], "y_train": y[train], "X_test": X[test], "y_test": y[test],
            "folds": stratified_folds(y[train], 5, 0.1, 100, 5)}
    model = Model("linear", {}, 5, mechanism)  # the planted formulas are linear in the descriptors
    out = tmp_path / "all.npz"
    evaluate_ranks(data, model, retained, range(count(len(retained), 3)), out, threads=2,
                   log=lambda m: None)
    best = best_by_size(gather([out], "cv_rmse", 1), "cv_rmse")
    three = best.loc[best["n"] == 3, "features"].iloc[0].split(";")
    assert set(three) == set(PLANTED[mechanism])


def test_multi_fidelity_keeps_the_exact_best_when_survivors_cover_them(tmp_path):
    from barrierml.search.fidelity import screening_params, survivors

    data = _data(p=7)
    features = [f"f{i}" for i in range(7)]
    full = Model("adaboost_extra_trees", {"n_estimators": 6, "estimator__n_estimators": 4}, 3, "v")
    overrides = {full.algorithm: {"n_estimators": 2, "estimator__n_estimators": 1},
                 "bagging": {"x": 1}}
    cheap = full._replace(params=screening_params(full.algorithm, full.params, overrides))
    assert screening_params("ridge", {"alpha": 1.0}, overrides) == {"alpha": 1.0}
    ranks = range(count(7))
    exact, screen, refined = (tmp_path / f"{n}.npz" for n in ("exact", "screen", "refined"))
    evaluate_ranks(data, full, features, ranks, exact, backend="engine", log=lambda m: None)
    evaluate_ranks(data, cheap, features, ranks, screen, backend="engine", log=lambda m: None)
    kept = survivors(gather([screen], "test_rmse", 8), "test_rmse", 8, 0.0)
    assert len(kept) < count(7) and all(r < 7 for r in kept[:7])
    evaluate_ranks(data, full, features, kept, refined, backend="engine", log=lambda m: None)
    exact_rows = read_chunk(exact).set_index("rank")
    refined_rows = read_chunk(refined).set_index("rank")
    # a survivor's refit is exactly its score in the exact search (same seed, same model)
    pd.testing.assert_frame_equal(refined_rows, exact_rows.loc[refined_rows.index])
    # with survivors covering every subset of a size, that size's best is the exact best
    best_exact = best_by_size(gather([exact], "test_rmse", 1), "test_rmse").set_index("n")
    best_mf = best_by_size(gather([refined], "test_rmse", 1), "test_rmse").set_index("n")
    for n in (1, 6, 7):  # sizes with at most 8 subsets
        assert best_mf.loc[n, "rank"] == best_exact.loc[n, "rank"]


def test_survivors_follow_the_noise_margin(tmp_path):
    from barrierml.search.fidelity import screening_error, survivors

    rows = pd.DataFrame({"rank": range(7, 17), "size": [1] * 4 + [2] * 6,
                         "test_rmse": [5.0, 1.0, 2.0, 9.0, 3.0, 3.5, 3.9, 8.0, 4.5, 3.0]})
    path = tmp_path / "screen.npz"
    write_chunk(rows, path)
    def kept(least, most, margin):
        return survivors(gather([path], "test_rmse", most), "test_rmse", least, margin)

    assert kept(1, 5, 0.0) == [7, 8, 9, 10, 11, 16]  # singles all kept
    assert kept(1, 5, 1.0) == [7, 8, 9, 10, 11, 12, 13, 16]
    assert kept(1, 3, 5.0) == [7, 8, 9, 10, 11, 12, 16]
    # seed noise alone: screens r and r + 1 around a full score r, one offset common to all
    noise = screening_error(lambda seed, ranks: [r + seed % 2 for r in ranks],
                            lambda ranks: list(ranks), [1, 2], [0, 1])
    assert noise == pytest.approx(np.sqrt(1 / 3))  # errors 0, 0, 1, 1 (sample std)
    # a deterministic screen that misorders: no seed noise, but the error is still seen
    gap = screening_error(lambda seed, ranks: [0.0, 2.0, 1.0, 3.0],
                          lambda ranks: [0.0, 1.0, 2.0, 3.0], [1, 2, 3, 4], [0, 1])
    assert gap == pytest.approx(np.std([0, 1, -1, 0] * 2, ddof=1))
    # a screen that is the full model shifted by a constant has no error
    assert screening_error(lambda seed, ranks: [r + 5.0 for r in ranks],
                           lambda ranks: list(ranks), [1, 2, 3], [0, 1]) == pytest.approx(0.0)
