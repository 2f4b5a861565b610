"""Seed stability: two runs that differ only in `seed` (other outer splits, folds and model
seeds) against each other and against the planted truth.

    .venv/bin/python bench/seed_stability.py [--seeds 2022 7] [--repeats 10] [--max-size 4]
        [--algorithm ridge] [--params '{"alpha": 1.0}']

The shipped synthetic table (SYNTHETIC: barriers follow the planted formulas of
barrierml.data.synthetic): the workflow's own steps per seed (grouped splits and folds, the
filter on the primary split, a search of every subset of at most --max-size retained
descriptors per repeat, the 1-SE choice, the consensus at frequency 0.5). Printed per
mechanism: each seed's consensus, its recall and precision against the planted descriptors,
and the Jaccard index of the two consensus subsets. (The filter keeps the planted descriptors
here, so they are matched by name.)
"""

import argparse
import json
import tempfile
from pathlib import Path

import yaml
from frequency_convergence import chosen_subsets

from barrierml.config import check_config
from barrierml.data.inputs import load_inputs
from barrierml.data.synthetic import PLANTED
from barrierml.search.stability import consensus, frequencies, jaccard

ROOT = Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs=2, default=[2022, 7])
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--max-size", type=int, default=4)
    parser.add_argument("--algorithm", default="ridge")
    parser.add_argument("--params", default='{"alpha": 1.0}')
    parser.add_argument("--nested", nargs="+", default=None,
                        help="algorithms of config.yaml's tune.algorithms: each repeat tunes and "
                        "chooses among them inside its training compounds (tune.nested)")
    args = parser.parse_args()
    config = yaml.safe_load((ROOT / "config.yaml").read_text())
    config["data"].update(table=str(ROOT / "data" / "synthetic_antiperovskites.csv"),
                          absent=[], mlip=False, synthetic=True, label="SYNTHETIC")
    config = check_config(config)
    _, _, tables = load_inputs(config["data"])
    nested = ({a: config["tune"]["algorithms"][a] for a in args.nested} if args.nested
              else None)
    model = f"nested choice among {', '.join(nested)}" if nested else \
        f"{args.algorithm} {args.params}"
    print(f"SYNTHETIC table, {model}, {args.repeats} repeats per seed, "
          f"subsets of at most {args.max_size}")
    for mechanism, table in tables.items():
        found = {}
        for seed in args.seeds:
            with tempfile.TemporaryDirectory() as tmp:
                selections, retained = chosen_subsets(
                    table, {**config, "seed": seed}, mechanism, args.repeats, args.algorithm,
                    json.loads(args.params), Path(tmp), args.max_size, nested)
            found[seed] = consensus(frequencies(selections, retained), 0.5)[0]
            planted = set(PLANTED[mechanism])
            hits = planted & set(found[seed])
            print(f"{mechanism} seed {seed}: consensus {', '.join(found[seed])}; recall "
                  f"{len(hits) / len(planted):.2f}, precision {len(hits) / len(found[seed]):.2f}")
        print(f"{mechanism}: Jaccard of the two seeds' consensus subsets "
              f"{jaccard(*found.values()):.2f}")


if __name__ == "__main__":
    main()
