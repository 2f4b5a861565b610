"""A tiny end-to-end Snakemake run, the interface contract, and bad input through the CLI."""

import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import TINY, snakemake

pytestmark = pytest.mark.slow


def _digest(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def test_interface_contract(e2e):
    workdir = e2e
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


def test_report_is_one_html_file(e2e):
    workdir = e2e
    result = snakemake(workdir, "--report", "results/report.html")
    assert result.returncode == 0, result.stderr[-3000:]
    html = (workdir / "results" / "report.html").read_text(errors="ignore")
    assert "SYNTHETIC" in html and "Fig. 5" in html


def test_bad_table_stops_before_any_job_and_keeps_results(e2e, tmp_path):
    workdir = e2e
    before = _digest(workdir / "results")
    table = pd.read_csv(workdir / TINY["data"]["table"])
    table["PW"] = table["PW"].astype(object)
    table.loc[5, "PW"] = "wide"
    bad = tmp_path / "bad_table.csv"
    table.to_csv(bad, index=False)
    override = tmp_path / "bad.yaml"
    override.write_text(yaml.safe_dump({"data": {"table": str(bad)}}))
    result = snakemake(workdir, str(override), "--forceall")
    assert result.returncode != 0
    message = result.stdout + result.stderr
    assert "bad_table.csv" in message and "'PW'" in message and "line 7" in message
    assert "Fix:" in message
    assert _digest(workdir / "results") == before


def test_wrong_config_type_stops_with_the_key(e2e, tmp_path):
    workdir = e2e
    override = tmp_path / "bad.yaml"
    override.write_text(yaml.safe_dump({"search": {"chunks": "many"}}))
    result = snakemake(workdir, str(override), "-n")
    assert result.returncode != 0
    assert "search.chunks" in result.stdout + result.stderr


def test_multi_fidelity_run_with_the_engine(tmp_path):
    from conftest import tiny_workdir

    workdir = tiny_workdir(tmp_path)
    override = tmp_path / "mf.yaml"
    override.write_text(yaml.safe_dump({
        "tune": {"use": ["extra_trees"]},
        "search": {"backend": "engine", "fidelity": {
            "enabled": True, "params": {"extra_trees": {"n_estimators": 2}}, "least": 2,
            "most": 5}}}))
    result = snakemake(workdir, str(override))
    assert result.returncode == 0, result.stderr[-3000:]
    for mechanism in ("vacancy", "interstitial"):
        refined = pd.read_parquet(workdir / f"results/{mechanism}/wrapper/refined.parquet")
        retained = (workdir / f"results/{mechanism}/filter/retained.txt").read_text().split()
        singles, pairs = (refined["size"] == 1).sum(), (refined["size"] == 2).sum()
        assert singles == len(retained) and 2 <= pairs <= 5
        best = pd.read_csv(workdir / f"results/{mechanism}/wrapper/best_by_size.csv")
        assert best["rank"].isin(refined["rank"]).all() and best["n"].tolist() == [1, 2]
        log = (workdir / f"results/logs/{mechanism}/search/refine.log").read_text()
        assert re.search(r"screening survivors \(screen error σ = \d+\.\d+ meV", log)  # not nan
        assert "backend engine" in log
