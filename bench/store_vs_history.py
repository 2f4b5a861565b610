"""The store's bands against the same bands in an earlier commit (the reference): barrier
changes, and the ratios of force calls and CPU seconds, for every band that both hold in the
same cell (same supercell and atom count) of the same host.

    .venv/bin/python bench/store_vs_history.py 77a8982   # the last FIRE records

The store's current records (those with the key the config gives) are read from the working
tree, the reference's with `git show`. A band is
compared only if both records passed their checks or both failed; the rows say which.
"""

import argparse
import gzip
import json
import statistics
import subprocess
from functools import cache
from pathlib import Path

import yaml

from barrierml.config import check_config
from barrierml.data.mlip import campaign
from barrierml.data.mlip.potential import version

ROOT = Path(__file__).resolve().parents[1]


def at_commit(commit, path):
    """The record at `path` in `commit`, or None."""
    shown = subprocess.run(["git", "show", f"{commit}:{path.relative_to(ROOT).as_posix()}"],
                           cwd=ROOT, capture_output=True, check=False)
    return json.loads(gzip.decompress(shown.stdout)) if shown.returncode == 0 else None


@cache
def same_host(commit, root, label, composition):
    """Whether the label host's relaxed cell in `commit` is the working tree's."""
    path = root / "hosts" / label / f"{composition}.json.gz"
    old = at_commit(commit, path)
    return old is not None and old["structure"] == json.loads(
        gzip.decompress(path.read_bytes()))["structure"]


def current(builder):
    """(path, record) of every band the store holds with the current settings' key."""
    plan = campaign.Plan(builder)
    label = builder["label"]
    label_version = version(label)
    for composition in plan.compositions:
        host = plan.host(composition, label_version, label)
        if host is not None:
            yield from plan.finished_bands(host, label_version)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("commit", help="the commit whose records are the reference")
    args = parser.parse_args()
    builder = check_config(yaml.safe_load((ROOT / "config.yaml").read_text()))["data"]["builder"]
    builder["store"] = root = ROOT / builder["store"]
    label = builder["label"]
    print(f"# store (working tree) against {args.commit}; reference: {args.commit}")
    print("| band | cell | reference fwd / rev meV | store fwd / rev meV | change meV | "
          "force calls, ref / store | CPU, ref / store |")
    print("|---|---|---|---|---|---|---|")
    changes, calls, cpu, skipped = [], [0, 0], [0.0, 0.0], []
    for path, new in current(builder):
        old = at_commit(args.commit, path)
        if old is None:
            continue
        composition = new["composition"]
        if not same_host(args.commit, root, label, composition) or (old["supercell"], old["atoms"]) != (new["supercell"], new["atoms"]):
            skipped.append(f"{composition} {path.stem.split('.')[0]} (another cell)")
            continue
        if bool(old["failure"]) != bool(new["failure"]):
            skipped.append(f"{composition} {path.stem.split('.')[0]}: reference "
                           f"{old['failure'] or 'passed'}; store {new['failure'] or 'passed'}")
            continue
        delta = [new[d] - old[d] for d in ("forward_meV", "reverse_meV")]
        if not new["failure"]:
            changes += delta
        calls = [calls[0] + old["force_calls"], calls[1] + new["force_calls"]]
        cpu = [cpu[0] + old["cpu_s"], cpu[1] + new["cpu_s"]]
        print(f"| {composition} {path.stem.split('.')[0]}{' (both failed)' * bool(new['failure'])}"
              f" | {new['supercell']}, {new['atoms']} | {old['forward_meV']:.1f} / "
              f"{old['reverse_meV']:.1f} | {new['forward_meV']:.1f} / {new['reverse_meV']:.1f} | "
              f"{delta[0]:+.1f} / {delta[1]:+.1f} | {old['force_calls']} / {new['force_calls']} "
              f"| {old['cpu_s']:.0f} / {new['cpu_s']:.0f} |")
    for line in skipped:
        print(f"# not compared: {line}")
    if changes:
        print(f"# {len(changes)} barriers of passing bands: mean change "
              f"{statistics.fmean(changes):+.1f} meV, largest |change| "
              f"{max(map(abs, changes)):.1f} meV, rms "
              f"{statistics.fmean(c * c for c in changes) ** 0.5:.1f} meV")
        print(f"# whole bands (ends included): {calls[0] / calls[1]:.2f}x fewer force calls, "
              f"{cpu[0] / cpu[1]:.2f}x less CPU than the reference")


if __name__ == "__main__":
    main()
