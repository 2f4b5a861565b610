"""CPU seconds per stage of a finished run, from Snakemake's benchmark files; with a second
results directory (the reference run), the ratio of each stage's CPU to the reference's.

    python bench/stage_cpu.py results [reference_results]
"""

import sys
from pathlib import Path

import pandas as pd

STAGES = ("data", "split", "filter", "tune", "search", "interpret", "report", "predict")


def stage_cpu(results):
    """{stage: (jobs, CPU s, wall s)} over results/benchmarks/**.tsv."""
    rows = []
    for path in Path(results, "benchmarks").rglob("*.tsv"):
        parts = path.relative_to(Path(results, "benchmarks")).parts
        stage = next(p for p in parts if p in STAGES)
        bench = pd.read_csv(path, sep="\t")
        rows.append({"stage": stage, "cpu_s": bench["cpu_time"].sum(), "wall_s": bench["s"].sum()})
    table = pd.DataFrame(rows).groupby("stage").agg(jobs=("cpu_s", "size"), cpu_s=("cpu_s", "sum"),
                                                     wall_s=("wall_s", "sum"))
    table = table.reindex([s for s in STAGES if s in table.index])
    table.loc["total"] = table.sum()
    return table


def main():
    table = stage_cpu(sys.argv[1])
    if len(sys.argv) > 2:
        reference = stage_cpu(sys.argv[2])
        table["reference_cpu_s"] = reference["cpu_s"]
        table["ratio"] = table["cpu_s"] / table["reference_cpu_s"]
    print(table.round(2).to_string())


if __name__ == "__main__":
    main()
