"""A tiny end-to-end Snakemake run, the interface contract, and bad input through the CLI."""

import hashlib
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
