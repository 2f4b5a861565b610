"""Peak memory of the applicability-domain check on a big prediction table.

    .venv/bin/python bench/predict_memory.py [--rows 1000000] [--train 500] [--features 6]

A domain is fitted on --train random training rows (20 compounds) and --rows new rows are
judged, as `barrierml predict` judges them. Each variant runs in its own process, so its peak
resident memory (ru_maxrss) is its own: the blocked distance of barrierml.predict.domain, and
the reference, the one-shot rows x training x features array it replaced, run on a tenth of
the rows (its memory grows linearly; the full size would need tens of GB).
"""

import argparse
import platform
import resource
import subprocess
import sys
import time

import numpy as np


def run(variant, rows, train, features):
    from barrierml.predict import domain

    rng = np.random.default_rng(0)
    fitted = domain.fit_domain(rng.normal(size=(train, features)),
                               np.repeat(np.arange(20), -(-train // 20))[:train],
                               [f"d{i}" for i in range(features)])
    X = rng.normal(size=(rows, features))
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    if variant == "blocked":
        inside, _ = domain.judge(fitted, X)
    else:
        Z = (X - np.asarray(fitted["mean"])) / np.asarray(fitted["sd"])
        ref = np.asarray(fitted["train"])
        d = np.sqrt(((Z[:, None, :] - ref[None, :, :]) ** 2).sum(axis=2))
        inside = d.min(axis=1) <= fitted["max_distance"]
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{peak / 1024:.0f} {(peak - base) / 1024:.0f} {seconds:.2f} {int(inside.sum())}")


def measure(variant, rows, args):
    out = subprocess.run([sys.executable, __file__, "--variant", variant, "--rows", str(rows),
                          "--train", str(args.train), "--features", str(args.features)],
                         check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1]), float(out[2])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--train", type=int, default=500)
    parser.add_argument("--features", type=int, default=6)
    parser.add_argument("--variant", choices=["blocked", "one-shot"], default=None)
    args = parser.parse_args()
    if args.variant:
        return run(args.variant, args.rows, args.train, args.features)
    print(f"{platform.node()} {platform.machine()}, {args.train} training rows, "
          f"{args.features} descriptors")
    blocked = measure("blocked", args.rows, args)
    small = args.rows // 10
    shot = measure("one-shot", small, args)
    print(f"blocked, {args.rows:,} rows: peak RSS {blocked[0]:.0f} MB "
          f"({blocked[1]:.0f} MB above the inputs), {blocked[2]:.1f} s")
    print(f"one-shot, {small:,} rows: peak RSS {shot[0]:.0f} MB ({shot[1]:.0f} MB above the "
          f"inputs), {shot[2]:.1f} s; at {args.rows:,} rows it would need about "
          f"{shot[1] * args.rows / small / 1024:.0f} GB above the inputs")
    print(f"ratio (one-shot extra memory at {args.rows:,} rows / blocked): "
          f"{shot[1] * args.rows / small / max(blocked[1], 1):.0f}x")


if __name__ == "__main__":
    main()
