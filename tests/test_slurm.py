"""The tiny workflow's vacancy results through a real SLURM cluster (.ci/slurm-up.sh) with the
slurm profile: every stage, one mechanism (each job pays SLURM's and Snakemake's start-up)."""

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from support import ROOT, tiny_workdir

from barrierml.search.chunks import read_chunk

COMPARED = ("filter/retained.txt", "search/best_by_size.csv", "search/selected_features.txt",
            "interpret/importance.csv", "search/stability/frequencies.csv",
            "search/evaluation.csv", "search/verdict.json")
pytestmark = [pytest.mark.slurm, pytest.mark.slow, pytest.mark.xdist_group("slurm")]


def _cluster_up():
    if shutil.which("sinfo") is None:
        return False
    return subprocess.run(["sinfo", "-h"], check=False, capture_output=True,
                          timeout=30).returncode == 0


@pytest.fixture(scope="module")
def slurm_run(tmp_path_factory):
    if not _cluster_up():
        if os.environ.get("BARRIERML_REQUIRE_SLURM") == "1":
            pytest.fail("no SLURM cluster answers: run .ci/slurm-up.sh first")
        pytest.skip("no SLURM cluster (start one with .ci/slurm-up.sh)")
    workdir = tiny_workdir(tmp_path_factory.mktemp("slurm"))
    args = [sys.executable, "-m", "snakemake", "-s", str(ROOT / "Snakefile"), "--directory",
            str(workdir), "--configfile", str(workdir / "tiny.yaml"),
            "--profile", str(ROOT / "profiles" / "slurm"),
            # this one-node cluster has 2 CPUs: fewer threads and chunks than a real cluster
            "--set-threads", "search_chunk=1", "tune_algorithm=1", "--set-scatter", "search=2",
            "--slurm-init-seconds-before-status-checks", "1",
            "--seconds-between-status-checks", "2",
            # the model-selection table: with nested tuning no vacancy result needs it
            "--", "results/tune/model_selection.csv",
            *(f"results/vacancy/{name}" for name in COMPARED)]
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "PYTHONWARNINGS": "ignore"}
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=env, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=1200)
    except subprocess.TimeoutExpired:  # the plugin can hang and ignore SIGTERM: kill hard
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        pytest.fail(f"SLURM run timed out:\n{out[-3000:]}")
    assert proc.returncode == 0, out[-3000:]
    return workdir, out


def test_jobs_went_through_slurm(slurm_run):
    _, out = slurm_run
    assert "slurm" in out.lower()
    accounting = subprocess.run(["sacct", "-n", "-X", "-o", "JobName%40,State"], check=True,
                                capture_output=True, text=True).stdout
    assert "COMPLETED" in accounting


def test_results_equal_a_local_run(slurm_run, e2e):
    workdir, _ = slurm_run
    assert (workdir / "results/tune/model_selection.csv").read_text() == \
        (e2e / "results/tune/model_selection.csv").read_text()
    for name in COMPARED:
        here = workdir / "results" / "vacancy" / name
        assert here.read_text() == (e2e / "results" / "vacancy" / name).read_text(), name
    for chunk in sorted((e2e / "results" / "vacancy" / "search").glob("*/chunks/*")):
        local = read_chunk(chunk)
        remote = read_chunk(workdir / chunk.relative_to(e2e))
        pd.testing.assert_frame_equal(local, remote)
