"""Recall of a multi-fidelity run against an exact run of the same workflow, at full scale.

    .venv/bin/python bench/recall_between_runs.py EXACT_RESULTS MULTIFIDELITY_RESULTS

Both arguments are `results/` folders of runs with the same data, seed and chosen model, one
with `search.fidelity.enabled: false`. For each mechanism and subset size with at least 10
subsets: the share of the exact run's top 10 (`wrapper/top_subsets.csv`) that the
multi-fidelity run's top 10 holds; also whether both runs pick the same optimal subset.
"""

import sys
from pathlib import Path

import pandas as pd


def top10(results, mechanism):
    """{size: set of ranks} of the 10 best subsets of each size."""
    table = pd.read_csv(Path(results) / mechanism / "search" / "top_subsets.csv")
    table = table.sort_values(["size", "test_rmse", "rank"])
    return {size: set(group["rank"].head(10)) for size, group in table.groupby("size")}


def main(exact, multi):
    for mechanism in sorted(p.name for p in Path(exact).iterdir()
                            if (p / "search" / "top_subsets.csv").is_file()):
        a, b = top10(exact, mechanism), top10(multi, mechanism)
        sizes = [s for s in a if len(a[s]) == 10]
        recall = {s: len(a[s] & b.get(s, set())) / 10 for s in sizes}
        optimum = [(Path(r) / mechanism / "search" / "selected_features.txt").read_text().split()
                   for r in (exact, multi)]
        print(f"{mechanism}: recall {sum(recall.values()) / len(recall):.3f} over sizes "
              f"{min(sizes)}-{max(sizes)} (worst {min(recall.values()):.1f} at size "
              f"{min(recall, key=recall.get)}); same optimum: {optimum[0] == optimum[1]} "
              f"({', '.join(optimum[0])})")


if __name__ == "__main__":
    main(*sys.argv[1:3])
