"""A tiny end-to-end Snakemake run, the interface contract, and bad input through the CLI."""

import hashlib
import json
import re
from html.parser import HTMLParser
from math import comb
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from support import AWKWARD, ROOT, TINY, searched, snakemake, tiny_workdir

from barrierml.filter import filter_descriptors
from barrierml.io import primary_training_rows
from barrierml.search.chunks import read_chunk

pytestmark = pytest.mark.slow


def _digest(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def test_interface_contract(e2e):
    workdir = e2e
    results = workdir / "results"
    selection = pd.read_csv(results / "tune" / "model_selection.csv")
    assert len(selection) == 3 * 2
    assert {"mechanism", "algorithm", "params", "cv_rmse", "test_rmse"} <= set(selection.columns)
    assert selection["chosen"].sum() == 2 and set(selection["score_kind"]) == {"new compound"}
    for mechanism in ("vacancy", "interstitial"):
        retained = (results / mechanism / "filter" / "retained.txt").read_text().split()
        assert len(retained) >= 2
        # the filter looks at the primary split's training rows only, whatever the repeats
        table = pd.read_csv(results / mechanism / "data" / "table.csv", index_col="row")
        split = pd.read_csv(results / mechanism / "split" / "split.csv")
        descriptors = [c for c in table.columns if c not in ("compound", "path", "barrier")]
        rho = table.loc[primary_training_rows(split), descriptors].corr()
        assert filter_descriptors(rho, [], 0.8)[0] == retained
        best = pd.read_csv(results / mechanism / "search" / "best_by_size.csv")
        assert list(best.columns[:3]) == ["n", "features", "test_rmse"]
        assert best["n"].tolist() == list(range(1, len(retained) + 1))  # every subset searched
        assert all(set(f.split(";")) <= set(retained) for f in best["features"])
        selected = (results / mechanism / "search" / "selected_features.txt").read_text().split()
        frequencies = pd.read_csv(results / mechanism / "search" / "stability" / "frequencies.csv")
        assert list(frequencies.columns) == ["descriptor", "frequency", "frequency_low",
                                             "frequency_high", "near_optimal_frequency",
                                             "in_consensus", "uncertain"]
        assert sorted(frequencies["descriptor"]) == sorted(retained)
        assert set(selected) == set(frequencies.loc[frequencies["frequency"] >= 0.5,
                                                    "descriptor"])
        assert set(selected) == set(frequencies.loc[frequencies["in_consensus"], "descriptor"])
        straddle = (frequencies["frequency_low"] < 0.5) & (frequencies["frequency_high"] > 0.5)
        assert (frequencies["uncertain"] == straddle).all()
        evaluation = pd.read_csv(results / mechanism / "search" / "evaluation.csv")
        assert evaluation["scope"].tolist() == ["new_compound", "new_path", "new_X", "new_A",
                                                "new_Z"]
        assert evaluation[["model_rmse", "mean_baseline_rmse", "null_rmse"]].notna().all().all()
        verdict = json.loads((results / mechanism / "search" / "verdict.json").read_text())
        assert isinstance(verdict["skill"], bool) and verdict["reason"]
        assert set(verdict["skill_by_scope"]) == set(evaluation["scope"])
        assert 0 <= verdict["consensus_split_half"] <= 1
        final = json.loads((results / mechanism / "search" / "final.json").read_text())
        assert final["search"]["mode"] == "exhaustive"  # 2^p - 1 within search.budget
        ice = sorted(p.stem for p in (results / mechanism / "interpret" / "ice").glob("*.png"))
        assert ice == sorted(selected)
        chunks = sorted((results / mechanism / "search").glob("*/chunks/*.npz"))
        replicates = {"split0_seed0", "split1_seed0", "null0"}
        assert {c.parent.parent.name for c in chunks} == replicates and len(chunks) == 3 * 2
        for replicate in replicates:  # nested tuning: each chose on its own training rows
            choice = json.loads((results / mechanism / "search" / replicate / "choice.json")
                                .read_text())
            repeat = 0 if replicate == "null0" else int(replicate[5])
            own = split[(split["repeat"] == repeat) & (split["set"] == "train")]
            assert choice["train_rows"] == len(own) and choice["replicate"] == replicate
            assert choice["algorithm"] in {"ridge", "decision_tree", "extra_trees"}
        law = json.loads((results / mechanism / "law" / "law.json").read_text())
        laws = pd.read_csv(results / mechanism / "law" / "laws.csv")
        assert law["formula"].startswith("barrier = ") and set(law["descriptors"]) <= set(retained)
        assert laws["chosen"].sum() == 1 and isinstance(law["skill"], bool) and law["reason"]
        assert laws.loc[laws["chosen"], "terms"].item() == law["n_terms"]
        for figure in ("filter/pearson_all.png", "tune/parity.png", "search/best_by_size.png",
                       "search/single_features.png", "search/optimum_parity.png",
                       "interpret/importance.png", "interpret/pdp_2d.png", "search/verdict.png",
                       "search/stability/frequencies.png", "law/parity.png"):
            assert (results / mechanism / figure).stat().st_size > 10_000, figure


def test_consensus_recovers_the_planted_descriptors_or_their_stand_ins(e2e):
    """The synthetic table's planted descriptors (with correlated decoys and compound-level
    descriptors beside them) are found: recall ≥ 0.8 and precision ≥ 0.6 per mechanism."""
    from barrierml.data.synthetic import PLANTED

    for mechanism, planted in PLANTED.items():
        folder = e2e / "results" / mechanism
        dropped = pd.read_csv(folder / "filter" / "dropped.csv")
        stand_in = dict(zip(dropped["dropped"], dropped["kept"]))  # declared by the filter
        truth = {stand_in.get(d, d) for d in planted}
        found = set((folder / "search" / "selected_features.txt").read_text().split())
        hits = len(truth & found)
        assert hits / len(truth) >= 0.8 and hits / len(found) >= 0.6, (mechanism, truth, found)
        assert json.loads((folder / "search" / "verdict.json").read_text())["skill"] is True


def test_one_model_one_score(e2e):
    """Model selection, the search's rows and the final model's scores come from one fit."""
    results = e2e / "results"
    selection = pd.read_csv(results / "tune" / "model_selection.csv")
    for mechanism in ("vacancy", "interstitial"):
        chosen = selection[(selection["mechanism"] == mechanism) & selection["chosen"]].iloc[0]
        rows = pd.concat(read_chunk(p) for p in sorted(
            (results / mechanism / "search" / "split0_seed0" / "chunks").glob("*.npz")))
        everything = rows[rows["size"] == rows["size"].max()].iloc[0]
        for score in ("cv_rmse", "test_rmse", "train_rmse"):
            assert chosen[score] == pytest.approx(everything[score], abs=5e-4), score
        final = json.loads((results / mechanism / "search" / "final.json").read_text())
        row = rows.set_index("rank").loc[final["rank"]]
        assert final["test_rmse"] == pytest.approx(row["test_rmse"], rel=1e-12)


def test_shuffled_barriers_get_no_skill(tmp_path):
    """Barriers shuffled across compounds (within each mechanism): nothing to find."""

    workdir = tiny_workdir(tmp_path)
    table = pd.read_csv(workdir / "table.csv")
    rng = np.random.default_rng(7)
    for mechanism, rows in table.groupby("mechanism").groups.items():
        table.loc[rows, "barrier_meV"] = rng.permutation(table.loc[rows, "barrier_meV"].to_numpy())
    table.to_csv(workdir / "table.csv", index=False)
    override = tmp_path / "shuffled.yaml"
    override.write_text(yaml.safe_dump({"tune": {"use": ["ridge"]}, "repeats": {"splits": 2},
                                        "search": {"chunks": 1}}))
    result = snakemake(workdir, str(override), "--", *searched("verdict.json", "final.json"))
    assert result.returncode == 0, result.stderr[-3000:]
    for mechanism in ("vacancy", "interstitial"):
        verdict = json.loads((workdir / f"results/{mechanism}/search/verdict.json").read_text())
        assert verdict["skill"] is False, verdict["reason"]
        assert not any(verdict["skill_by_scope"].values()), verdict["skill_by_scope"]
        final = json.loads((workdir / f"results/{mechanism}/search/final.json").read_text())
        assert final["skill"] is False  # what labels its figures as diagnostics


def test_paper_mode_is_one_path_level_split_and_the_test_argmin(tmp_path):

    workdir = tiny_workdir(tmp_path)
    paper = yaml.safe_load((ROOT / "configs" / "paper.yaml").read_text())
    paper["split"]["folds"] = 5
    paper["search"].update(max_size=2, chunks=1)
    override = tmp_path / "paper.yaml"
    override.write_text(yaml.safe_dump(paper))
    result = snakemake(workdir, str(override), "--",
                       *searched("selected_features.txt", "evaluation.csv"))
    assert result.returncode == 0, result.stderr[-3000:]
    for mechanism in ("vacancy", "interstitial"):
        folder = workdir / "results" / mechanism
        split = pd.read_csv(folder / "split" / "split.csv")
        assert split["repeat"].unique().tolist() == [0]
        table = pd.read_csv(folder / "data" / "table.csv", index_col="row")
        sides = split.assign(compound=table.loc[split["row"], "compound"].to_numpy())
        assert (sides.groupby("compound")["set"].nunique() == 2).any()  # paths, not compounds
        best = pd.read_csv(folder / "search" / "best_by_size.csv")
        argmin = best.sort_values(["test_rmse", "n"], kind="stable").iloc[0]
        assert (folder / "search" / "selected_features.txt").read_text().split() == \
            argmin["features"].split(";")
        assert not list((folder / "search").glob("null*"))
        evaluation = pd.read_csv(folder / "search" / "evaluation.csv")
        assert evaluation["null_rmse"].isna().all()


@pytest.mark.xdist_group("e2e")  # runs Snakemake in the shared run
def test_report_is_one_html_file(e2e):
    workdir = e2e
    result = snakemake(workdir, "--report", "results/report.html")
    assert result.returncode == 0, result.stderr[-3000:]
    html = (workdir / "results" / "report.html").read_text(errors="ignore")
    assert "SYNTHETIC" in html and "Fig. 5" in html
    # the params in the report are data: the report's own script blocks are all there, the
    # results block parses, and the extra descriptor's awkward definition is in it (as
    # Snakemake escapes it)
    scripts = ScriptBlocks()
    scripts.feed(html)
    named = [i for i, _ in scripts.blocks if i]
    assert len(named) == len(set(named)) and {"results", "rules", "workflow-desc"} <= set(named)
    block = next(text for i, text in scripts.blocks if i == "results").strip()
    results = json.loads(block.removeprefix("var results =").rstrip().rstrip(";"))
    params = [r["job_properties"]["params"] for r in results.values()]
    fragments = ("Kim & Siegel", "ρ", "{x}", "; //")  # the parts no repr escapes
    assert all(f in AWKWARD for f in fragments)
    assert any(all(f in p for f in fragments) for p in params if p), params[:3]


class ScriptBlocks(HTMLParser):
    """(id, text) of every <script> element of a page."""

    def __init__(self):
        super().__init__()
        self.blocks, self._inside = [], False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._inside = True
            self.blocks.append((dict(attrs).get("id"), ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.blocks[-1] = (self.blocks[-1][0], self.blocks[-1][1] + data)


@pytest.mark.xdist_group("e2e")  # runs Snakemake in the shared run
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


@pytest.mark.xdist_group("e2e")  # runs Snakemake in the shared run
def test_wrong_config_type_stops_with_the_key(e2e, tmp_path):
    workdir = e2e
    override = tmp_path / "bad.yaml"
    override.write_text(yaml.safe_dump({"search": {"chunks": "many"}}))
    result = snakemake(workdir, str(override), "-n")
    assert result.returncode != 0
    assert "search.chunks" in result.stdout + result.stderr


def test_multi_fidelity_run_with_the_engine(tmp_path):

    workdir = tiny_workdir(tmp_path)
    override = tmp_path / "mf.yaml"
    override.write_text(yaml.safe_dump({
        "tune": {"use": ["extra_trees"]},
        "repeats": {"splits": 1}, "verdict": {"permutations": 0},
        "search": {"backend": "engine", "max_size": 2, "chunks": 3, "fidelity": {
            "enabled": True, "params": {"extra_trees": {"n_estimators": 2}}, "least": 2,
            "most": 5}}}))
    result = snakemake(workdir, str(override), "--", *searched("best_by_size.csv"))
    assert result.returncode == 0, result.stderr[-3000:]
    for mechanism in ("vacancy", "interstitial"):
        refined = read_chunk(
            workdir / f"results/{mechanism}/search/split0_seed0/refined.npz")
        retained = (workdir / f"results/{mechanism}/filter/retained.txt").read_text().split()
        singles, pairs = (refined["size"] == 1).sum(), (refined["size"] == 2).sum()
        assert singles == len(retained) and 2 <= pairs <= 5
        best = pd.read_csv(workdir / f"results/{mechanism}/search/best_by_size.csv")
        assert best["rank"].isin(refined["rank"]).all() and best["n"].tolist() == [1, 2]
        log = (workdir / f"results/logs/{mechanism}/search/split0_seed0/refine.log").read_text()
        assert re.search(r"screening survivors \(screen error σ = \d+\.\d+ meV", log)  # not nan
        assert "backend engine" in log


def test_large_p_mode_searches_exhaustively_to_the_budget_then_grows_a_beam(tmp_path):
    workdir = tiny_workdir(tmp_path)
    override = tmp_path / "large_p.yaml"
    override.write_text(yaml.safe_dump({
        "tune": {"use": ["ridge"]}, "repeats": {"splits": 1}, "verdict": {"permutations": 0},
        "search": {"budget": 100, "beam_width": 4, "chunks": 2}}))
    result = snakemake(workdir, str(override), "--", *searched("final.json"))
    assert result.returncode == 0, result.stderr[-3000:]
    for mechanism in ("vacancy", "interstitial"):
        folder = workdir / "results" / mechanism / "search"
        p = len((workdir / f"results/{mechanism}/filter/retained.txt").read_text().split())
        k = max(n for n in range(1, p + 1) if sum(comb(p, m) for m in range(1, n + 1)) <= 100)
        mode = json.loads((folder / "split0_seed0" / "search_mode.json").read_text())
        assert (mode["mode"], mode["exhaustive_to"]) == ("stepwise", k) and k < p
        chunks = pd.concat([read_chunk(c) for c in (folder / "split0_seed0").glob("chunks/*")])
        assert chunks["size"].max() == k and len(chunks) == sum(comb(p, m) for m in range(1, k + 1))
        beam = read_chunk(folder / "split0_seed0" / "stepwise.npz")
        assert sorted(beam["size"].unique()) == list(range(k + 1, p + 1))
        for size, n in beam.groupby("size").size().items():  # extensions and swaps of 4 subsets
            assert n <= 4 * (p - size + 1) + 4 * size * (p - size)
        best = pd.read_csv(folder / "best_by_size.csv")
        assert best["n"].tolist() == list(range(1, p + 1))
        final = json.loads((folder / "final.json").read_text())
        assert final["search"]["mode"] == "stepwise" and "search.budget" in final["search"]["why"]
