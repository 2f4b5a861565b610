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
from conftest import ROOT, snakemake

pytestmark = pytest.mark.slow
# 2 mechanisms x (2 repeats + 1 null) replicates x 2 chunks
DOWNSTREAM_OF_CHOICE = {"parity": 2, "search_chunk": 12, "search_gather": 6,
                        "search_stability": 2, "importance": 2, "ice": 2, "paper_comparison": 1,
                        "all": 1}


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


def test_editing_one_row_reruns_the_split_and_everything_after(e2e):
    table = e2e / "table.csv"
    original, stamp = table.read_bytes(), table.stat()
    try:
        frame = pd.read_csv(table)
        frame.loc[3, "barrier_meV"] += 1.0
        frame.to_csv(table, index=False)
        jobs = planned(e2e)
    finally:
        table.write_bytes(original)
        os.utime(table, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert jobs == {"validate": 2, "split": 2, "filter": 2, "tune": 6, "model_selection": 1,
                    **DOWNSTREAM_OF_CHOICE}
    assert planned(e2e) == {}


def test_one_grid_reruns_its_tuning_jobs_and_what_depends_on_the_choice(e2e, tmp_path):
    change = _override(tmp_path, {"tune": {"algorithms": {"ridge": {"alpha": [0.1, 5.0]}}}})
    assert planned(e2e, change) == {"tune": 2, "model_selection": 1, **DOWNSTREAM_OF_CHOICE}


def test_ice_settings_rerun_only_the_ice_jobs(e2e, tmp_path):
    change = _override(tmp_path, {"interpret": {"grid_points": 7}})
    assert planned(e2e, change) == {"ice": 2, "all": 1}


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
    reference = {m: (workdir / f"results/{m}/wrapper/best_by_size.csv").read_text()
                 for m in ("vacancy", "interstitial")}
    args = [sys.executable, "-m", "snakemake", "-s", str(ROOT / "Snakefile"), "--directory",
            str(workdir), "--configfile", str(workdir / "tiny.yaml"), "--cores", "1",
            "--set-scatter", "search=3"]
    log_path = tmp_path / "killed.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT,
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
                             "search=3"], check=False, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    for path, mtime in done.items():
        assert (workdir / path).stat().st_mtime_ns == mtime, f"{path} was recomputed"
    assert len(list(workdir.glob("results/*/wrapper/*/chunks/*-of-3.parquet"))) == 18
    for mechanism, text in reference.items():  # 3 chunks give what 2 chunks gave
        assert (workdir / f"results/{mechanism}/wrapper/best_by_size.csv").read_text() == text
