"""Gather the search: best subset per n (Fig. 5), single features (Fig. S2), optimum (Fig. 6)."""

import _src  # noqa: F401  (barrierml from this repository)

from barrierml.data.catalogue import load_catalogue, symbols
from barrierml.io import logged, matrices, read_json, write_json, write_lines
from barrierml.plots import parity, single_bars, size_bars
from barrierml.search.evaluate import fitted_subset_model
from barrierml.search.gather import best_by_size, gather, optimum
from barrierml.tune.registry import LABELS

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    cfg, mech = smk.params.search, smk.wildcards.mechanism
    score = cfg["rank_by"]
    names = symbols(load_catalogue(smk.input.catalogue, smk.params.extra))
    top = gather(smk.input.chunks, score, cfg["top_k"])
    top.to_csv(smk.output.top, index=False)
    singles = top[top["size"] == 1]
    singles.to_csv(smk.output.singles, index=False)
    best = best_by_size(top, score)
    best.to_csv(smk.output.best, index=False)
    opt = optimum(best, score)
    features = opt["features"].split(";")
    write_lines(smk.output.selected, features)
    write_json(smk.output.optimum, {"rank": int(opt["rank"]), "features": features,
                                    **{k: float(opt[k]) for k in best if "rmse" in k}})
    choice = read_json(smk.input.choice)
    label = LABELS[choice["algorithm"]]
    size_bars(best, score, int(opt["n"]), smk.output.sizes, f"{mech}: {label}, best subset per n")
    single_bars(singles, score, names, smk.output.single, f"{mech}: single-feature models")
    data = matrices(smk.input.table, smk.input.split, features)
    model = fitted_subset_model(choice, mech, smk.params.seed, int(opt["rank"]), data)
    parity([("train", data["y_train"], model.predict(data["X_train"])),
            ("test", data["y_test"], model.predict(data["X_test"]))], smk.output.parity,
           f"{mech}: {label} on {', '.join(names.get(f, f) for f in features)}")
    log.info("optimum n = %d: %s (%s %.1f meV)", opt["n"], ", ".join(features), score, opt[score])
