"""The barrier store: records are reused by key whatever their file times, a changed setting
recomputes only the bands it touches, a budget leaves only whole records, and the table is
assembled from the store. A Lennard-Jones potential stands in for the MLIP (cheap, and the
caching is what is tested, not the chemistry)."""

import copy
import gzip
import json
import os
import shutil
import socket
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import yaml
from support import ROOT

from barrierml.config import check_config

pytest.importorskip("ase")
from ase.calculators.lj import LennardJones

from barrierml.data.mlip import campaign, labels, store

BUILDER = {"cations": ["K", "Na"], "chalcogens": ["S"], "halogens": ["I"],
           "structure": {"tilted": False},
           "neb": {"min_length": 7.0, "images": 1, "fmax": 0.1, "steps": 60, "band_steps": 40},
           "dumbbell": {"orientations": 1}}


def lennard_jones(name):
    """A stand-in per potential: the label's is 5% larger, so its hosts are other cells."""
    return LennardJones(sigma=3.15 if name == "sevennet" else 3.0, epsilon=0.05, rc=6.3)


def builder(root, **changes):
    config = yaml.safe_load((ROOT / "config.yaml").read_text())
    config["data"]["builder"] = {**copy.deepcopy(BUILDER), "store": str(root), **changes}
    return check_config(config)["data"]["builder"]


def snapshot(root):
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*.json.gz"))}


def build(settings, budget=None):
    return campaign.build(settings, budget, log=lambda line: None, calculators=lennard_jones)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("store")
    written = build(builder(root))
    # two hosts per potential, two metal references, 2 compounds x 2 mechanisms
    assert written == 2 + 2 + 2 + 4
    return root, snapshot(root)


def clone(built, folder):
    shutil.copytree(built[0], folder)
    return folder


def test_a_fresh_copy_recomputes_nothing_whatever_the_file_times(built, tmp_path):
    root = clone(built, tmp_path / "clone")
    for age, path in enumerate(sorted(root.rglob("*.json.gz"))):
        os.utime(path, (10 ** 9 * (age % 2) + 1, 10 ** 9 * (age % 2) + 1))  # old and new
    assert build(builder(root)) == 0
    assert snapshot(root) == built[1]


def test_a_changed_setting_recomputes_only_the_bands_it_touches(built, tmp_path):
    root = clone(built, tmp_path / "clone")
    dumbbell = {"orientations": 2, "screen_steps": 3}  # read by interstitial bands only
    assert build(builder(root, dumbbell=dumbbell)) == 2
    after = snapshot(root)
    changed = {path for path in after if after[path] != built[1][path]}
    assert changed == {p for p in after if p.name.startswith("interstitial_")}
    assert len(changed) == 2


def test_a_new_band_method_recomputes_every_band_and_nothing_else(built, tmp_path, monkeypatch):
    root = clone(built, tmp_path / "clone")
    monkeypatch.setattr(campaign.neb, "METHOD", campaign.neb.METHOD + 1)
    assert build(builder(root)) == 4
    after = snapshot(root)
    changed = {path for path in after if after[path] != built[1][path]}
    assert changed == {p for p in after if p.parts[0] == "neb"} and len(changed) == 4


def test_a_record_with_another_key_is_recomputed_not_read(built, tmp_path):
    root = clone(built, tmp_path / "clone")
    path = next(root.rglob("vacancy_0.json.gz"))
    record = store.read(path)
    wanted = record["key"]
    store.write(path, {**record, "key": "0" * 20, "forward_meV": 1.0e6})
    assert store.lookup(path, wanted) is None
    assert build(builder(root)) == 1
    assert store.read(path)["key"] == wanted and store.read(path)["forward_meV"] < 1.0e6


def test_a_budget_starts_nothing_it_cannot_finish(tmp_path):
    assert build(builder(tmp_path), budget=campaign.parse_budget("0")) == 0
    assert not list(tmp_path.rglob("*"))
    assert campaign.parse_budget("2h") == 7200 and campaign.parse_budget("90m") == 5400
    with pytest.raises(ValueError, match="not a duration"):
        campaign.parse_budget("two hours")


def test_a_mechanism_without_records_of_a_cation_is_estimated_from_its_cost_elsewhere():
    done = [(("band", "Li", "vacancy"), 100.0), (("band", "Li", "vacancy"), 140.0),
            (("band", "Li", "interstitial"), 720.0), (("band", "K", "vacancy"), 30.0)]
    assert campaign._estimate(done, "band", "Li", "interstitial") == 720.0  # its own median
    # K's dumbbell costs what K's vacancy bands cost, times Li's dumbbell / Li's bands (720 / 140)
    assert campaign._estimate(done, "band", "K", "interstitial") == pytest.approx(30 * 720 / 140)
    assert campaign._estimate(done, "band", "Na", "vacancy") == 100.0  # all vacancy bands
    assert campaign._estimate(done, "band", "Na", "interstitial") == 720.0
    assert campaign._estimate([], "band", "Na", "vacancy") == campaign.DEFAULT_CPU_S["band"]


def test_an_interrupted_write_leaves_no_record(tmp_path, monkeypatch):
    def broken(source, target):
        assert os.path.getsize(source) > 0  # interrupted with the whole temporary file written
        raise KeyboardInterrupt

    monkeypatch.setattr(store.os, "replace", broken)
    with pytest.raises(KeyboardInterrupt):
        store.write(tmp_path / "neb" / "x.json.gz", {"key": "k"})
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_status_counts_records_and_failures(built):
    lines = campaign.status(builder(built[0]))
    assert "| chgnet | hosts | 2 / 2 |" in lines[2] and "| sevennet | hosts | 2 / 2 |" in lines[3]
    for line, mechanism in zip(lines[4:], ("vacancy", "interstitial")):
        assert line.startswith(f"| sevennet | {mechanism} bands | 2 / 2 | K 1 / 1, Na 1 / 1 |")


def _base(root, hosts):
    """A base build (the CHGNet folder) with one row per compound's first interstitial hop."""
    folder = root / labels.BASE
    folder.mkdir()
    rows = [{"compound": c, "mechanism": m, "path_id": "e0", "barrier_meV": 100.0 + k, "V_a": 1.0}
            for k, c in enumerate(hosts) for m in ("vacancy", "interstitial")]
    pd.DataFrame(rows).to_csv(folder / "antiperovskites.csv", index=False)
    pd.DataFrame(columns=["compound", "mechanism", "path_id", "reason"]).to_csv(
        folder / "failures.csv", index=False)
    pd.DataFrame({"composition": hosts, "B": 10.0, "omega_LEO": 1.0, "E_d": 5.0,
                  "edges": 1}).to_csv(folder / "compounds.csv", index=False)


def test_the_table_switches_a_mechanism_only_when_all_its_bands_are_in(built, tmp_path):
    root = clone(built, tmp_path / "clone")
    _base(root, ["K3SI", "Na3SI"])
    settings = builder(root, neb={**BUILDER["neb"], "max_dip_meV": 1.0e6})  # judge loosely
    checks = {**settings["neb"], "max_barrier_meV": 2000.0}
    versions = store.read(next(root.rglob("interstitial_0.json.gz")))["version"], \
        store.read(next((root / "hosts" / "chgnet").rglob("*.json.gz")))["version"]
    # max_dip changed the keys: no band is current, so every row is the base build's
    table, _, summary = labels.assemble(settings, checks, *versions)
    assert set(table["potential"]) == {"chgnet"} and table["barrier_sevennet_meV"].isna().all()
    assert summary["vacancy"]["label_bands"] == 0
    build(settings)
    table, failures, summary = labels.assemble(settings, checks, *versions)
    assert summary["interstitial"] == {"potential": "sevennet", "label_bands": 2,
                                       "complete": True}
    inter = table[table["mechanism"] == "interstitial"]
    assert (inter["barrier_meV"] == inter["barrier_sevennet_meV"]).all()
    assert (inter["barrier_uncertainty_meV"]
            == (inter["barrier_meV"] - inter["barrier_chgnet_meV"]).abs()).all()
    assert inter["E_f"].notna().all() and inter["V_a"].gt(1.0).all()  # from the host, not base
    # every hop is a row or a failure, never both
    hops = set(zip(table["compound"], table["mechanism"], table["path_id"]))
    lost = set(zip(failures["compound"], failures["mechanism"], failures["path_id"]))
    assert not hops & lost and len(hops | lost) == 4


def test_bands_run_on_the_label_potentials_own_host(built):
    plan = campaign.Plan(builder(built[0]))
    for composition in plan.compositions:
        base = store.read(store.host_path(built[0], "chgnet", composition))
        own = store.read(store.host_path(built[0], "sevennet", composition))
        assert own["cpu_s"] >= 0 and own["potential"] == "sevennet"
        assert own["structure"]["cell"] != base["structure"]["cell"]
        version = store.read(next((built[0] / "neb").rglob("vacancy_0.json.gz")))["version"]
        assert plan.band(own, 0, "vacancy", version)[2] is not None
        assert plan.band(base, 0, "vacancy", version)[2] is None


def test_the_base_barrier_is_paired_only_where_both_hosts_have_the_same_hops(built, tmp_path):
    root = clone(built, tmp_path / "clone")
    _base(root, ["K3SI", "Na3SI"])
    settings = builder(root)
    checks = {**settings["neb"], "max_barrier_meV": 1.0e9, "max_dip_meV": 1.0e9}
    versions = store.read(next(root.rglob("interstitial_0.json.gz")))["version"], \
        store.read(store.host_path(root, "chgnet", "K3SI"))["version"]
    paired, _, _ = labels.assemble(settings, checks, *versions)
    assert paired["barrier_chgnet_meV"].notna().all()
    # the base host of Na3SI gets another hop list (and so another key: rewrite it as current)
    path = store.host_path(root, "chgnet", "Na3SI")
    host = store.read(path)
    store.write(path, {**host, "paths": host["paths"] + host["paths"][:1]})
    table, _, _ = labels.assemble(settings, checks, *versions)
    na = table["compound"] == "Na3SI"
    assert table.loc[na, "barrier_chgnet_meV"].isna().all()
    assert table.loc[~na, "barrier_chgnet_meV"].notna().all()
    # the label rows' geometry is the label host's
    own = campaign.host_atoms(store.read(store.host_path(root, "sevennet", "K3SI")))
    from barrierml.data.mlip import descriptors

    expected = descriptors.compound(own, "K", "S", "I")["V_a"]
    assert table.loc[table["compound"] == "K3SI", "V_a"].eq(expected).all()


def _without_cpu(records):
    return {path: {k: v for k, v in json.loads(gzip.decompress(data)).items() if k != "cpu_s"}
            for path, data in records.items()}


def test_two_jobs_write_the_records_one_job_writes(built, tmp_path):
    assert campaign.build(builder(tmp_path), jobs=2, calculators=lennard_jones) == 10
    assert _without_cpu(snapshot(tmp_path)) == _without_cpu(built[1])
    assert not list(tmp_path.rglob("*.claim"))


def test_a_claimed_record_is_passed_over_until_its_process_dies(built, tmp_path):
    root = clone(built, tmp_path / "clone")
    path = next(root.rglob("vacancy_0.json.gz"))
    path.unlink()
    claim = path.with_name(path.name + ".claim")
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        claim.write_text(f"{socket.gethostname()} {other.pid}")
        lines = []
        assert campaign.build(builder(root), log=lines.append, calculators=lennard_jones) == 0
        assert not path.exists()
        local = [line for line in lines if f"{socket.gethostname()} {other.pid} is computing" in line]
        assert local and str(claim) not in local[0]  # a dead local claim is taken over: no hint
    finally:
        other.kill()
        other.wait()
    assert build(builder(root)) == 1  # its process is gone: the claim is taken over
    assert path.exists() and not claim.exists()
    claim.write_text(f"another-machine {other.pid}")  # no way to check it: trusted
    assert not store.claim(path)
    path.unlink()
    lines = []
    assert campaign.build(builder(root), log=lines.append, calculators=lennard_jones) == 0
    assert any(f"another-machine {other.pid} is computing" in line and str(claim) in line
               for line in lines)  # the hint names the file to delete if that build is gone


def test_new_compositions_are_described_with_the_potential_of_their_mechanisms_labels(
        built, tmp_path):
    """predict --compositions: a mechanism labelled by the label potential gets its geometry
    and E_f from the label's relaxed host, as the table's rows of that mechanism do."""
    from barrierml.data.mlip.describe import describe

    root = clone(built, tmp_path / "clone")
    _base(root, ["K3SI", "Na3SI"])
    settings = builder(root, neb={**BUILDER["neb"], "max_dip_meV": 1.0e6})
    build(settings)
    checks = {**settings["neb"], "max_barrier_meV": 2000.0}
    versions = store.read(next(root.rglob("interstitial_0.json.gz")))["version"], \
        store.read(store.host_path(root, "chgnet", "K3SI"))["version"]
    table = labels.assemble(settings, checks, *versions)[0]
    labels.write(settings)  # the facts beside the table name each mechanism's potential
    from barrierml.data.inputs import resolve_facts

    data = resolve_facts({"build": False, "table": str(root / "antiperovskites.csv")})
    assert data["geometry"] == {"vacancy": "sevennet", "interstitial": "sevennet"}
    wanted = {"V_a", "CCD", "PW", "E_f"}
    label_rows = table[(table["mechanism"] == "interstitial") & (table["compound"] == "K3SI")]
    assert set(label_rows["potential"]) == {"sevennet"}
    for agrees in (True, False):
        rows = pd.DataFrame(describe("K3SI", {"interstitial": wanted}, settings, lennard_jones,
                                     log=lambda line: None, geometry=data["geometry"]
                                     if agrees else None))
        both = label_rows.merge(rows, on=["compound", "mechanism", "path_id"],
                                suffixes=("", "_new"))
        assert len(both) == len(label_rows)
        close = {c: np.allclose(both[f"{c}_new"], both[c], rtol=1e-6) for c in wanted}
        # without the facts, the host potential's cell: another geometry
        assert all(close.values()) if agrees else not close["V_a"]


def test_the_command_refuses_fewer_than_one_job(capsys):
    from barrierml import cli

    with pytest.raises(SystemExit) as stop:
        cli.main(["dataset", "--jobs", "0"])
    assert stop.value.code == 2 and "--jobs must be at least 1" in capsys.readouterr().err
