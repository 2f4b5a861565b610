"""Incremental reruns decided by Snakemake's own triggers (mtime, params, input)."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest
import yaml
from support import ROOT, searched, snakemake

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("e2e")]  # in the shared run


def planned(workdir, *args):
    """Jobs a dry run would execute, as {rule: count}."""
    result = snakemake(workdir, *args, "-n")
    assert result.returncode == 0, result.stderr[-2000:]
    stats = result.stdout.split("Job stats:")
    if len(stats) == 1:
        return {}
    rows = re.findall(r"^(\w+)\s+(\d+)$", stats[1].split("total")[0], flags=re.MULTILINE)
    return {rule: int(n) for rule, n in rows}


def _override(tmp_path, change):
    path = tmp_path / "change.yaml"
    path.write_text(yaml.safe_dump(change))
    return str(path)


def test_nothing_to_do_after_a_run(e2e):
    assert planned(e2e) == {}


def test_a_deleted_chunk_is_recomputed_and_gathered_again(e2e):
    chunk = min((e2e / "results" / "vacancy" / "search").glob("split0_seed0/chunks/*"))
    original, stamp = chunk.read_bytes(), chunk.stat()
    chunk.unlink()
    try:
        jobs = planned(e2e)
    finally:
        chunk.write_bytes(original)
        os.utime(chunk, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert jobs.get("search_chunk") == 1 and jobs.get("search_gather") == 1, jobs
    assert planned(e2e) == {}


def test_one_row_of_one_mechanism_reruns_none_of_the_others_jobs(e2e):
    table = e2e / "table.csv"
    original, stamp = table.read_bytes(), table.stat()
    try:
        frame = pd.read_csv(table)
        row = frame.index[frame["mechanism"] == "vacancy"][3]
        frame.loc[row, "barrier_meV"] += 1.0
        frame.to_csv(table, index=False)
        jobs = planned(e2e)
    finally:
        table.write_bytes(original)
        os.utime(table, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    # the vacancy table, its split, filter and tuning; the interstitial's stop at its table
    # (what follows the model choice is decided after tune_select: see the next test)
    assert {rule: jobs.get(rule) for rule in ("data_validate", "split_table",
                                              "filter_descriptors", "tune_algorithm")} == \
        {"data_validate": 1, "split_table": 1, "filter_descriptors": 1, "tune_algorithm": 3}
    assert planned(e2e) == {}


def _finished(log):
    """{rule: count} of the jobs a run finished, from Snakemake's log."""
    rules = re.findall(r"Finished jobid: \d+ \(Rule: (\w+)\)", log)
    return {rule: rules.count(rule) for rule in set(rules)}


def test_an_unchanged_model_choice_reruns_no_search(e2e, tmp_path):
    workdir = tmp_path / "grid"
    shutil.copytree(e2e, workdir, symlinks=True)
    choices = {p: p.read_bytes() for p in workdir.glob("results/*/search/*/choice.json")}
    # ridge's grid is edited without a new candidate (a repeated value; any new value could
    # win somewhere, e.g. a huge alpha, the training mean, on a null's permuted barriers):
    # ridge is retuned everywhere, every choice stays
    change = _override(tmp_path, {"tune": {"algorithms": {"ridge": {"alpha": [0.1, 10.0, 10.0]}}}})
    chunks = {p: p.stat().st_mtime_ns for p in workdir.glob("results/*/search/*/chunks/*")}
    result = snakemake(workdir, change)
    assert result.returncode == 0, result.stderr[-3000:]
    finished = _finished(result.stderr)
    assert finished.get("tune_algorithm") == 2 and finished.get("tune_select") == 1
    assert finished.get("tune_replicate") == len(choices) == 6  # nested: 3 replicates x 2
    assert all(p.read_bytes() == text for p, text in choices.items())
    assert not {"search_chunk", "search_stepwise", "search_gather", "search_stability", "tune_parity",
                "interpret_importance", "interpret_ice"} & set(finished), finished
    assert all(p.stat().st_mtime_ns == t for p, t in chunks.items())


def test_one_grid_reruns_only_its_tuning_jobs_before_the_choice(e2e, tmp_path):
    change = _override(tmp_path, {"tune": {"algorithms": {"ridge": {"alpha": [0.1, 5.0]}}}})
    jobs = planned(e2e, change)
    assert jobs["tune_algorithm"] == 2 and jobs["tune_select"] == 1
    assert not {"data_validate", "split_table", "filter_descriptors"} & set(jobs)


def test_ice_settings_rerun_only_the_ice_jobs(e2e, tmp_path):
    change = _override(tmp_path, {"interpret": {"grid_points": 7}})
    assert planned(e2e, change) == {"interpret_ice": 2, "report_config": 1, "all": 1}


def test_the_label_reruns_nothing_but_the_stored_config(e2e, tmp_path):
    change = _override(tmp_path, {"data": {"label": "another label"}})
    assert planned(e2e, change) == {"report_config": 1, "all": 1}


def test_top_k_reruns_the_gathers_and_not_one_search_chunk(e2e, tmp_path):
    change = _override(tmp_path, {"search": {"top_k": 4}})
    jobs = planned(e2e, change)
    assert jobs["search_gather"] == 6 and "search_chunk" not in jobs
    assert not {"data_validate", "tune_algorithm", "tune_select"} & set(jobs)


def _jobs(log):
    """{jobid: output} of search_chunk jobs, and the ids that finished, from Snakemake's log."""
    outputs = dict(re.findall(
        r"rule search_chunk:\n(?:.*\n)*?\s+output: (\S+)\n(?:.*\n)*?\s+jobid: (\d+)", log))
    outputs = {int(j): out for out, j in outputs.items()}
    finished = {int(j) for j in re.findall(r"Finished jobid: (\d+) \(Rule: search_chunk\)", log)}
    return outputs, finished


def test_a_killed_search_resumes_without_recomputing_finished_chunks(e2e, tmp_path):
    workdir = tmp_path / "killed"
    shutil.copytree(e2e, workdir, symlinks=True)
    reference = {m: (workdir / f"results/{m}/search/best_by_size.csv").read_text()
                 for m in ("vacancy", "interstitial")}
    args = [sys.executable, "-m", "snakemake", "-s", str(ROOT / "Snakefile"), "--directory",
            str(workdir), "--configfile", str(workdir / "tiny.yaml"), "--cores", "1",
            "--set-scatter", "search=3"]
    # the searches and their gathers, not the interpretation and prediction after them
    targets = ["--", *searched("best_by_size.csv")]
    log_path = tmp_path / "killed.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([*args, *targets], stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None:
            if len(_jobs(log_path.read_text())[1]) >= 3:
                break
            time.sleep(0.2)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    outputs, finished = _jobs(log_path.read_text())
    assert 3 <= len(finished) < 18, "the run must be killed in the middle of the search"
    done = {outputs[j]: (workdir / outputs[j]).stat().st_mtime_ns for j in finished}
    unlock = subprocess.run([*args, "--unlock"], check=False, capture_output=True, timeout=120)
    assert unlock.returncode == 0  # a killed Snakemake leaves its lock behind
    result = subprocess.run([*args[:-4], "--cores", "2", "--rerun-incomplete", "--set-scatter",
                             "search=3", *targets], check=False, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    for path, mtime in done.items():
        assert (workdir / path).stat().st_mtime_ns == mtime, f"{path} was recomputed"
    assert len(list(workdir.glob("results/*/search/*/chunks/*-of-3.npz"))) == 18
    for mechanism, text in reference.items():  # 3 chunks give what 2 chunks gave
        assert (workdir / f"results/{mechanism}/search/best_by_size.csv").read_text() == text
