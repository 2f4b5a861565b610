"""barrierml predict: held-out compounds of the planted-truth run, intervals, domain, bad input."""

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from support import HELD_OUT

from barrierml import cli
from barrierml.errors import InputError
from barrierml.predict import conformal
from barrierml.predict import domain as domain_module
from barrierml.predict.conformal import cv_plus, held_out_coverage
from barrierml.predict.domain import fit_domain, judge
from barrierml.predict.run import COLUMNS, check_output, predict, write_predictions

NOISE = {"vacancy": 30.0, "interstitial": 18.0}  # sd of the synthetic table's planted noise
BARRIERML = str(Path(sys.executable).parent / "barrierml")  # the console script of this venv


def test_cv_plus_covers_at_its_nominal_rate_on_exchangeable_data():
    rng = np.random.default_rng(3)
    hits = []
    for _ in range(200):
        residuals = [np.abs(rng.normal(0, 10, 30)) for _ in range(4)]
        predictions = [np.zeros(1) + rng.normal(0, 1) for _ in range(4)]
        lower, upper = cv_plus(predictions, residuals, 0.8)
        hits.append(lower[0] <= rng.normal(0, 10) <= upper[0])
    assert 0.72 <= np.mean(hits) <= 0.9


def test_cv_plus_in_blocks_gives_the_intervals_of_one_block(monkeypatch):
    rng = np.random.default_rng(5)
    predictions = [rng.normal(size=11) for _ in range(3)]
    residuals = [np.abs(rng.normal(size=n)) for n in (4, 6, 5)]
    whole = cv_plus(predictions, residuals, 0.8)
    monkeypatch.setattr(conformal, "BLOCK", 3)  # 4 blocks, the last one short
    blocked = cv_plus(predictions, residuals, 0.8)
    for a, b in zip(whole, blocked, strict=True):
        np.testing.assert_array_equal(a, b)
    low = np.sort(np.concatenate([p[0] - r for p, r in zip(predictions, residuals)]))
    assert blocked[0][0] == low[int(0.2 * 16) - 1]  # the ⌊α(N+1)⌋-th smallest, N = 15


def test_held_out_coverage_uses_the_other_models_residuals():
    residuals = [np.array([1.0, 2.0]), np.array([10.0, 20.0])]
    shares = held_out_coverage([np.zeros(2), np.zeros(2)], [np.array([5.0, 25.0]),
                                                          np.array([1.5, 3.0])], residuals, 0.5)
    assert shares == [0.5, 0.5]  # q = 20 for model 0, q = 2 for model 1


def test_domain_flags_a_range_and_a_distance_outlier():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    domain = fit_domain(X, np.repeat(np.arange(20), 3), ["a", "b"])
    inside, notes = judge(domain, np.array([[0.0, 0.0], [9.0, 0.0]]))
    assert list(inside) == [True, False]
    assert "a = 9 outside the training range" in notes[1]


def test_domain_distances_in_blocks_are_the_direct_ones(monkeypatch):
    rng = np.random.default_rng(1)
    Z, Zref = rng.normal(size=(50, 3)), rng.normal(size=(20, 3))
    direct = np.sqrt(((Z[:, None, :] - Zref[None, :, :]) ** 2).sum(axis=2))
    monkeypatch.setattr(domain_module, "CHUNK", 7)  # 8 blocks, the last one short
    distance, nearest = domain_module._nearest(Z, Zref)
    np.testing.assert_allclose(distance, direct.min(axis=1), rtol=1e-10)
    assert (nearest == direct.argmin(axis=1)).all()


def test_an_output_never_overwrites_an_input_or_the_saved_models(tmp_path):
    table, results = tmp_path / "rows.csv", tmp_path / "results"
    table.write_text("compound,mechanism\n")
    (results / "vacancy" / "predict").mkdir(parents=True)
    for out, message in ((table, "is an input"),
                         (results / "vacancy" / "predict" / "split0_seed0.skops", "predict folder"),
                         (results / "predict" / "predictions.csv", "predict folder"),
                         (tmp_path / "no" / "such" / "out.csv", "does not exist"),
                         (tmp_path, "is a folder")):
        with pytest.raises(InputError, match=message):
            check_output(out, [table], results)
        code = cli.main(["predict", str(table), "--results", str(results), "-o", str(out)])
        assert code == 2 and table.read_text() == "compound,mechanism\n"
    check_output(tmp_path / "out.csv", [table], results)
    check_output(results / "vacancy" / "mine.csv", [table], results)


def test_text_cells_are_written_so_a_spreadsheet_shows_them(tmp_path):
    frame = pd.DataFrame({"compound": ["=HYPERLINK(\"http://x\")", "Li3OCl", "@SUM(A1)"],
                          "mechanism": ["vacancy"] * 3, "path": ["+e1", "-e2", "e3"],
                          "barrier_pred_meV": [-5.0, 310.0, 1.0], "note": ["", "\tx", "ok"]})
    write_predictions(frame, tmp_path / "out.csv")
    back = pd.read_csv(tmp_path / "out.csv", keep_default_na=False)
    assert list(back["compound"]) == ["'=HYPERLINK(\"http://x\")", "Li3OCl", "'@SUM(A1)"]
    assert list(back["path"]) == ["'+e1", "'-e2", "e3"]
    assert list(back["note"]) == ["", "'\tx", "ok"]
    assert list(back["barrier_pred_meV"]) == [-5.0, 310.0, 1.0]  # numbers stay numbers


def test_a_row_needs_only_the_descriptors_of_its_own_mechanism():
    """As `predict --compositions` computes them when the mechanisms' geometries come from
    different potentials: each mechanism's rows hold only what its model reads."""
    from barrierml.data.table import validate_rows

    columns = {"compound": "compound", "mechanism": "mechanism", "path": "path_id"}
    reads = {"vacancy": ["V_a", "t"], "interstitial": ["E_f"]}
    rows = pd.DataFrame({"compound": ["Li3OCl"] * 3, "path_id": ["e0f", "e0r", "e0f"],
                         "mechanism": ["vacancy", "vacancy", "interstitial"],
                         "V_a": [12.1, 12.1, np.nan], "t": [0.85, 0.85, np.nan],
                         "E_f": [np.nan, np.nan, 2.5]})
    got = validate_rows(rows, "rows.csv", reads, columns, list(reads))
    assert got["V_a"].tolist()[:2] == [12.1, 12.1] and got["E_f"].tolist()[2] == 2.5
    rows.loc[1, "t"] = np.nan  # a vacancy row without a descriptor its model reads
    with pytest.raises(InputError, match=r"column 't', line 3: empty or NaN"):
        validate_rows(rows, "rows.csv", reads, columns, list(reads))


@pytest.mark.slow
def test_held_out_compounds_are_predicted_within_the_planted_noise(e2e, tmp_path):
    out = tmp_path / "predicted.csv"
    result = subprocess.run([BARRIERML, "predict", "heldout.csv", "--results", "results",
                             "-o", str(out)], check=False, cwd=e2e, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    predicted = pd.read_csv(out)
    # the Snakemake target (predict.table) gives the same table
    pd.testing.assert_frame_equal(predicted, pd.read_csv(e2e / "results/predict/predictions.csv"))
    truth = pd.read_csv(e2e / "heldout.csv")
    assert list(predicted.columns) == COLUMNS and len(predicted) == len(truth)
    assert set(predicted["compound"]) == set(HELD_OUT)
    inside = []
    for mechanism, noise in NOISE.items():
        rows = (truth["mechanism"] == mechanism).to_numpy()
        got = predicted[rows]
        assert got["barrier_pred_meV"].notna().all(), got["note"].iloc[0]  # skill: predicted
        y = truth.loc[rows, "barrier_meV"].to_numpy()
        rmse = float(np.sqrt(np.mean((got["barrier_pred_meV"].to_numpy() - y) ** 2)))
        # the planted noise is a floor (far below it: a leak of the held-out compounds); the
        # stand-in descriptors of the tiny search cost some accuracy above it
        assert 0.7 * noise < rmse < 2.5 * noise, (mechanism, rmse)
        inside += list((got["lower_meV"] <= y) & (y <= got["upper_meV"]))
        assert got["in_domain"].mean() >= 0.8  # the same distribution as the training compounds
    assert 0.7 <= np.mean(inside) <= 0.9, np.mean(inside)  # nominal 0.8 on ~110 paths


@pytest.mark.slow
def test_the_barrier_law_predicts_with_its_formula(e2e, tmp_path):
    import json

    from barrierml.law.judge import apply
    from barrierml.predict.run import LAW_COLUMNS

    out = tmp_path / "law.csv"
    code = cli.main(["predict", str(e2e / "heldout.csv"), "--law", "--results",
                     str(e2e / "results"), "-o", str(out)])
    assert code == 0
    predicted, truth = pd.read_csv(out), pd.read_csv(e2e / "heldout.csv")
    assert list(predicted.columns) == LAW_COLUMNS and len(predicted) == len(truth)
    for mechanism, noise in NOISE.items():
        law = json.loads((e2e / "results" / mechanism / "law" / "law.json").read_text())
        rows = (truth["mechanism"] == mechanism).to_numpy()
        got = predicted.loc[rows, "barrier_law_meV"].to_numpy()
        if not law["skill"]:
            notes = predicted.loc[rows, "note"]
            assert np.isnan(got).all() and notes.str.startswith("no skill").all()
            continue
        expected = apply(law, {d: truth.loc[rows, d].to_numpy() for d in law["descriptors"]})
        np.testing.assert_allclose(got, expected, rtol=0, atol=0.05)  # written to 0.1 meV
        y = truth.loc[rows, "barrier_meV"].to_numpy()
        assert np.sqrt(np.mean((got - y) ** 2)) < 3 * noise, mechanism
    with pytest.raises(SystemExit):  # the law needs the descriptors a TABLE holds
        cli.main(["predict", "--compositions", "Li3OCl", "--law"])


@pytest.fixture()
def saved(e2e, tmp_path):
    """A copy of the e2e run's saved models, what they were made from and the stored config."""
    results = tmp_path / "results"
    for mechanism in NOISE:
        for stage in ("predict", "data", "split", "search", "tune"):
            shutil.copytree(e2e / "results" / mechanism / stage, results / mechanism / stage)
    shutil.copytree(e2e / "results" / "report", results / "report")
    return results


@pytest.mark.slow
def test_bad_input_to_predict_names_the_file_and_the_fix(e2e, saved, tmp_path):
    rows = pd.read_csv(e2e / "heldout.csv")
    features = yaml.safe_load((saved / "vacancy/predict/model.json").read_text())["features"]
    cases = {
        "missing": (rows.drop(columns=features[0]), f"'{features[0]}'.*missing"),
        "text": (rows.assign(**{features[0]: "high"}), "text where a number belongs"),
        "mechanism": (rows.assign(mechanism="grain_boundary"), "unknown mechanism"),
    }
    for name, (frame, message) in cases.items():
        path = tmp_path / f"{name}.csv"
        frame.to_csv(path, index=False)
        with pytest.raises(InputError, match=message):
            predict(path, saved)
    # the final model's choice (nested tuning: the primary replicate's), as if rerun with
    # another grid
    choice = saved / "vacancy" / "search" / "split0_seed0" / "choice.json"
    original = choice.read_text()
    choice.write_text(original.replace("{", "{ ", 1))
    with pytest.raises(InputError, match="other results .*choice.json"):
        predict(e2e / "heldout.csv", saved)
    choice.write_text(original)
    with pytest.raises(InputError, match="holds no results"):
        predict(e2e / "heldout.csv", tmp_path / "nothing")
    shutil.rmtree(saved / "interstitial" / "predict")
    with pytest.raises(InputError, match="no saved models"):
        predict(e2e / "heldout.csv", saved)
    cli = subprocess.run([BARRIERML, "predict", str(e2e / "heldout.csv"), "--results",
                          str(tmp_path / "nothing")], check=False, capture_output=True,
                         text=True)
    assert cli.returncode == 2 and "Fix:" in cli.stderr
