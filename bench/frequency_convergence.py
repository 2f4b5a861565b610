"""How many repeats the descriptor frequencies need: frequencies after k repeats against k_max.

    .venv/bin/python bench/frequency_convergence.py [--repeats 20] [--algorithm ridge]
        [--params '{"alpha": 10.0}'] [--config config.yaml] [--mechanisms vacancy]

The workflow's own steps, in process: the config's data, grouped splits and folds, the Pearson
filter on the primary training rows, an exhaustive search per repeat (engine or closed form),
the one-standard-error choice, and the frequencies of the first k repeats. Printed per
mechanism and k: the largest change of any descriptor's frequency against k_max repeats, and
the consensus subset at k. The default model is the closed-form ridge (seconds per repeat); a
tree model costs the default run's search time per repeat.
"""

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from barrierml.config import check_config
from barrierml.data.inputs import load_inputs, resolve_facts
from barrierml.filter import filter_descriptors, pearson
from barrierml.io import matrices
from barrierml.search.evaluate import resolve_backend, score_all
from barrierml.search.model import Model
from barrierml.search.selection import choose
from barrierml.search.stability import consensus, frequencies
from barrierml.search.subsets import count, unrank
from barrierml.split import repeated_splits
from barrierml.tune.nested import choose_inside

ROOT = Path(__file__).resolve().parents[1]


def chosen_subsets(table, config, mechanism, repeats, algorithm, params, folder, max_size=None,
                   nested=None):
    """The 1-SE subset of each repeat (subsets of at most max_size descriptors), and the
    retained descriptors. `nested` (algorithm -> grid): each repeat tunes and chooses its model
    among these inside its own training compounds, as tune.nested does, instead of using
    `algorithm` and `params`."""
    seed, descriptors = config["seed"], [c for c in table.columns
                                         if c not in ("compound", "path", "barrier")]
    split, _ = repeated_splits(table, config["split"], seed, repeats)
    train = split[(split["repeat"] == 0) & (split["set"] == "train")]["row"]
    rho = pearson(table.loc[train, descriptors])
    retained, _ = filter_descriptors(rho, config["filter"]["preference"],
                                     config["filter"]["threshold"])
    table.to_csv(folder / "table.csv")
    split.to_csv(folder / "split.csv", index=False)
    model = Model(algorithm, params, seed, mechanism)
    backend = resolve_backend("auto", algorithm)
    p = len(retained)
    out = []
    for k in range(repeats):
        data = matrices(folder / "table.csv", folder / "split.csv", retained, True, k)
        if nested:
            choice = choose_inside(nested, data["X_train"], data["y_train"], data["folds"], seed,
                                   mechanism, f"split{k}_seed0")[0]
            model = Model(choice["algorithm"], choice["params"][mechanism], seed, mechanism)
            backend = resolve_backend("auto", model.algorithm)
        rows = pd.DataFrame(score_all(data, model, range(count(p, max_size)), backend))
        rows["features"] = [";".join(retained[c] for c in unrank(r, p)) for r in rows["rank"]]
        # choose() reads a top table as gather writes it: best first (best_by_size takes the
        # first row of each size)
        rows = rows.sort_values(["cv_rmse", "rank"], kind="stable")
        chosen, near, _ = choose(rows, "cv_rmse")
        out.append({"chosen": {"features": chosen["features"].split(";")},
                    "near_optimal": near["features"].tolist()})
    return out, retained


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--algorithm", default="ridge")
    parser.add_argument("--params", default='{"alpha": 10.0}')
    parser.add_argument("--config", default=str(ROOT / "config.yaml"))
    parser.add_argument("--mechanisms", nargs="+", default=None,
                        help="only these mechanisms (default: all), e.g. with their own --params")
    args = parser.parse_args()
    config = check_config(yaml.safe_load(Path(args.config).read_text()))
    _, _, tables = load_inputs(resolve_facts(config["data"]))
    print(f"{config['data']['table']}: {args.algorithm} {args.params}, "
          f"{config['split']['folds']}-fold CV grouped by {config['split']['group_by']}")
    for mechanism, table in tables.items():
        if args.mechanisms and mechanism not in args.mechanisms:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            selections, retained = chosen_subsets(table, config, mechanism, args.repeats,
                                                  args.algorithm, json.loads(args.params),
                                                  Path(tmp))
        final = frequencies(selections, retained).set_index("descriptor")["frequency"]
        print(f"\n{mechanism}: {len(retained)} retained; k, max |f_k - f_{args.repeats}|, "
              "consensus (frequency ≥ 0.5) at k")
        for k in range(1, args.repeats + 1):
            freq = frequencies(selections[:k], retained)
            gap = float(np.max(np.abs(freq.set_index("descriptor")["frequency"] - final)))
            print(f"{k:3d}  {gap:.2f}  {', '.join(consensus(freq, 0.5)[0])}")


if __name__ == "__main__":
    main()
