"""barrierml's command line: `barrierml predict (TABLE | --compositions LIST) [--results DIR]
[-o OUT.csv]` and `barrierml dataset [--budget 2h] [--jobs N] [--status]`."""

import argparse
import sys

from barrierml.errors import InputError


def main(argv=None):
    parser = argparse.ArgumentParser(prog="barrierml")
    commands = parser.add_subparsers(dest="command", required=True)
    predict = commands.add_parser(
        "predict", help="barriers of new rows with the saved models of a finished run")
    predict.add_argument("table", nargs="?", help="CSV or Excel: compound, mechanism, [path_id], "
                         "the descriptors of each mechanism's saved model (barriers are ignored)")
    predict.add_argument("--compositions", default=None,
                         help="instead of TABLE: formulas X3AZ separated by commas, e.g. "
                         "Ag3SI,K3OBr; the Data stage's builder computes their descriptors "
                         "(relaxations with the potentials of the run's table, no NEB; needs "
                         "the [data] extra)")
    predict.add_argument("--descriptors", default=None,
                         help="with --compositions: also write the computed descriptor rows "
                         "to this CSV (a TABLE for later predictions)")
    predict.add_argument("--results", default="results",
                         help="the results_dir of a finished run (default: results)")
    predict.add_argument("-o", "--out", default="-", help="output CSV (default: stdout)")
    predict.add_argument("--coverage", type=float, default=None,
                         help="central interval coverage (default: the run's predict.coverage)")
    predict.add_argument("--sheet", default=None, help="Excel sheet (default: the first)")
    predict.add_argument("--law", action="store_true",
                         help="predict with each mechanism's barrier law (law.json) instead of "
                         "the saved models: a formula, no interval")
    dataset = commands.add_parser(
        "dataset", help="fill the barrier store (MLIP NEB records) within a budget, then "
        "assemble the table from it; needs the [data] extra")
    dataset.add_argument("--budget", default=None,
                         help="wall time in which bands may start, e.g. 2h, 90m (default: no "
                         "limit); a band that has started finishes")
    dataset.add_argument("--jobs", type=int, default=1,
                         help="bands computed side by side, one core each (default: 1); "
                         "builds started separately also share the work")
    dataset.add_argument("--status", action="store_true",
                         help="only print done / total, CPU hours and what is left")
    dataset.add_argument("--configfile", action="append", default=[],
                         help="config files over config.yaml, as for snakemake")
    args = parser.parse_args(argv)
    if args.command == "dataset":
        if args.jobs < 1:
            parser.error("--jobs must be at least 1")
        return _dataset(args)
    if (args.table is None) == (args.compositions is None):
        parser.error("give a TABLE or --compositions, not both or neither")
    if args.descriptors and args.compositions is None:
        parser.error("--descriptors goes with --compositions (a TABLE already holds them)")
    if args.law and args.compositions is not None:
        parser.error("--law goes with a TABLE of descriptors")
    if args.coverage is not None and not 0 < args.coverage < 1:
        parser.error("--coverage must lie between 0 and 1, e.g. 0.8")
    from barrierml.predict import run

    try:
        for out in (args.out, args.descriptors):
            if out not in (None, "-"):
                run.check_output(out, [args.table] if args.table else [], args.results)
        if args.law:
            frame = run.predict_law(args.table, args.results, args.sheet)
        elif args.compositions is None:
            frame = run.predict(args.table, args.results, args.coverage, args.sheet)[0]
        else:
            compositions = [c.strip() for c in args.compositions.split(",") if c.strip()]
            frame, _, rows = run.predict_compositions(
                compositions, args.results, args.coverage,
                log=lambda line: print(line, file=sys.stderr, flush=True))
            if args.descriptors:
                rows.to_csv(args.descriptors, index=False)
    except InputError as err:
        print(f"barrierml predict: {err}", file=sys.stderr)
        return 2
    run.write_predictions(frame, sys.stdout if args.out == "-" else args.out)
    return 0


def _dataset(args):
    """The budgeted build of the barrier store, then the table assembled from it."""
    import time
    from pathlib import Path

    import yaml

    from barrierml.config import check_config

    config = {}
    for path in ["config.yaml", *args.configfile]:
        if not Path(path).exists():
            print(f"barrierml dataset: no config file {path}: run it from the project folder "
                  "or name one with --configfile", file=sys.stderr)
            return 2
        config = _merge(config, yaml.safe_load(Path(path).read_text()) or {})
    try:
        builder = check_config(config)["data"]["builder"]
        from barrierml.data.mlip import campaign

        budget = campaign.parse_budget(args.budget)
    except (InputError, ValueError) as err:
        print(f"barrierml dataset: {err}", file=sys.stderr)
        return 2
    if not args.status:
        started = time.monotonic()
        written = campaign.build(builder, budget, jobs=args.jobs)
        print(f"{written} records written in {(time.monotonic() - started) / 60:.0f} min",
              flush=True)
        from barrierml.data.mlip import labels

        for mechanism, line in labels.write(builder).items():
            print(f"table: {mechanism} barriers from {line['potential']} "
                  f"({line['label_bands']} directed hops with a {builder['label']} record)")
    lines = campaign.status(builder)
    print("\n".join(lines))
    campaign.write_status(builder, lines)
    return 0


def _merge(base, update):
    """`update` over `base`, nested mappings merged key by key (as Snakemake merges configs)."""
    out = dict(base)
    for key, value in update.items():
        out[key] = (_merge(out[key], value) if isinstance(value, dict)
                    and isinstance(out.get(key), dict) else value)
    return out


if __name__ == "__main__":
    sys.exit(main())
