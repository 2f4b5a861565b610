"""A tiny end-to-end Snakemake run, the interface contract, and bad input through the CLI."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import ROOT

pytestmark = pytest.mark.slow
SNAKEMAKE = [sys.executable, "-m", "snakemake"]
TINY = {
    "data": {"table": str(ROOT / "data" / "synthetic_antiperovskites.csv"),
             "catalogue": str(ROOT / "data" / "descriptors.yaml"),
             "synthetic": True, "label": "SYNTHETIC table for the end-to-end test"},
    "split": {"folds": 5},
    "tune": {"algorithms": {"ridge": {"alpha": [0.1, 10.0]},
                            "decision_tree": {"max_depth": [3]},
                            "extra_trees": {"n_estimators": [10], "min_samples_leaf": [3]}}},
    "search": {"max_size": 2, "chunks": 3, "top_k": 3},
    "interpret": {"grid_points": 5, "max_lines": 50},
}


def _snakemake(workdir, *args, timeout=900):
    return subprocess.run(
        [*SNAKEMAKE, "-s", str(ROOT / "Snakefile"), "--directory", str(workdir), "--cores", "2",
         *args], check=False, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "PYTHONWARNINGS": "ignore"})


def _digest(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(folder).rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("e2e")
    config = workdir / "tiny.yaml"
    config.write_text(yaml.safe_dump(TINY))
    result = _snakemake(workdir, "--configfile", str(config))
    assert result.returncode == 0, result.stderr[-3000:]
    return workdir, config


def test_interface_contract(run):
    workdir, _ = run
    results = workdir / "results"
    selection = pd.read_csv(results / "model_selection.csv")
    assert len(selection) == 3 * 2
    assert {"mechanism", "algorithm", "params", "cv_rmse", "test_rmse"} <= set(selection.columns)
    assert selection["chosen"].sum() == 2
    for mechanism in ("vacancy", "interstitial"):
        retained = (results / mechanism / "filter" / "retained.txt").read_text().split()
        assert len(retained) >= 2
        best = pd.read_csv(results / mechanism / "wrapper" / "best_by_size.csv")
        assert list(best.columns[:3]) == ["n", "features", "test_rmse"]
        assert best["n"].tolist() == [1, 2]
        assert all(set(f.split(";")) <= set(retained) for f in best["features"])
        selected = (results / mechanism / "selected_features.txt").read_text().split()
        assert ";".join(selected) in best["features"].tolist()
        ice = sorted(p.stem for p in (results / mechanism / "interpret" / "ice").glob("*.png"))
        assert ice == sorted(selected)
        chunks = sorted((results / mechanism / "wrapper" / "chunks").glob("*.parquet"))
        assert [c.stem for c in chunks] == ["1-of-3", "2-of-3", "3-of-3"]
        for figure in ("filter/pearson_all.png", "model/parity.png", "wrapper/best_by_size.png",
                       "wrapper/single_features.png", "wrapper/optimum_parity.png",
                       "interpret/importance.png"):
            assert (results / mechanism / figure).stat().st_size > 10_000, figure


def test_report_is_one_html_file(run):
    workdir, config = run
    result = _snakemake(workdir, "--configfile", str(config), "--report", "results/report.html")
    assert result.returncode == 0, result.stderr[-3000:]
    html = (workdir / "results" / "report.html").read_text(errors="ignore")
    assert "SYNTHETIC" in html and "Fig. 5" in html


def test_bad_table_stops_before_any_job_and_keeps_results(run, tmp_path):
    workdir, config = run
    before = _digest(workdir / "results")
    table = pd.read_csv(TINY["data"]["table"])
    table["PW"] = table["PW"].astype(object)
    table.loc[5, "PW"] = "wide"
    bad = tmp_path / "bad_table.csv"
    table.to_csv(bad, index=False)
    override = tmp_path / "bad.yaml"
    override.write_text(yaml.safe_dump({"data": {"table": str(bad)}}))
    result = _snakemake(workdir, "--configfile", str(config), str(override), "--forceall")
    assert result.returncode != 0
    message = result.stdout + result.stderr
    assert "bad_table.csv" in message and "'PW'" in message and "line 7" in message
    assert "Fix:" in message
    assert _digest(workdir / "results") == before


def test_wrong_config_type_stops_with_the_key(run, tmp_path):
    workdir, config = run
    override = tmp_path / "bad.yaml"
    override.write_text(yaml.safe_dump({"search": {"chunks": "many"}}))
    result = _snakemake(workdir, "--configfile", str(config), str(override), "-n")
    assert result.returncode != 0
    assert "search.chunks" in result.stdout + result.stderr
