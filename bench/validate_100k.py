"""Parse-time validation of a 100,000-row table (the check every Snakemake invocation runs).

    .venv/bin/python bench/validate_100k.py [--rows 100000]

The shipped synthetic table is repeated with fresh path ids up to --rows rows and written as CSV;
the bench times load_inputs (read, rename, every check), the per-mechanism fingerprint that
decides reruns, a whole dry run (`snakemake -n`), and, for reference, what each check was before:
the duplicate check as a transposed frame of the key columns, the fingerprint as a hash of the
frame written as CSV.
"""

import argparse
import hashlib
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from barrierml.config import check_config
from barrierml.data.inputs import fingerprint, load_inputs

ROOT = Path(__file__).resolve().parents[1]


def table(rows):
    base = pd.read_csv(ROOT / "data" / "synthetic_antiperovskites.csv")
    reps = -(-rows // len(base))
    big = pd.concat([base] * reps, ignore_index=True).iloc[:rows].copy()
    big["path_id"] = [f"p{i}" for i in range(len(big))]
    return big


def timed(f, repeat=3):
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t0)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    big = table(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.csv"
        big.to_csv(path, index=False)
        config = yaml.safe_load((ROOT / "config.yaml").read_text())
        config["data"].update(table=str(path), absent=[], mlip=False,
                              catalogue=str(ROOT / "data" / "descriptors.yaml"))
        check_config(config)
        whole = timed(lambda: load_inputs(config["data"]))
        tables = load_inputs(config["data"])[2]
        csv_hash = timed(lambda: [hashlib.sha256(t.to_csv().encode()).hexdigest()
                                  for t in tables.values()], repeat=1)
        row_hash = timed(lambda: [fingerprint(t) for t in tables.values()])
        shutil.copy(ROOT / "config.yaml", tmp)
        (Path(tmp) / "big.yaml").write_text(yaml.safe_dump({"data": config["data"]}))
        dry = timed(lambda: subprocess.run(
            [sys.executable, "-m", "snakemake", "-s", str(ROOT / "Snakefile"), "--directory",
             tmp, "--configfile", str(Path(tmp) / "big.yaml"), "-n", "--cores", "2"],
            check=True, capture_output=True), repeat=1)
    key = [big["compound"].astype(str), big["mechanism"].astype(str), big["path_id"].astype(str)]
    old = timed(lambda: pd.DataFrame(key).T.duplicated(keep=False), repeat=1)
    new = timed(lambda: pd.DataFrame(dict(enumerate(key))).duplicated(keep=False))
    print(f"{platform.node()} {platform.processor() or platform.machine()}, {len(big)} rows")
    print(f"load_inputs (read + every check): {whole:.2f} s (goal: under 2 s)")
    print(f"fingerprints (both mechanisms): CSV text {csv_hash:.2f} s, row hashes "
          f"{row_hash:.3f} s ({csv_hash / row_hash:.0f}x faster)")
    print(f"dry run (snakemake -n, start-up included): {dry:.2f} s (goal: under 10 s)")
    print(f"duplicate check: transposed {old:.2f} s, vectorised {new:.3f} s "
          f"({old / new:.0f}x faster)")


if __name__ == "__main__":
    main()
