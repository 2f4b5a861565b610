"""Saved models of a mechanism: the consensus subset refitted on each real replicate's
training rows (skops files, never pickle), with what prediction needs in model.json."""

import hashlib
import json
from pathlib import Path

import numpy as np
import skops.io as sio

from barrierml.errors import InputError
from barrierml.io import read_frame, read_json
from barrierml.predict.conformal import held_out_coverage
from barrierml.predict.domain import fit_domain
from barrierml.search.evaluate import fitted_subset_model
from barrierml.search.model import chosen_model
from barrierml.search.replicates import parse, replicate_matrices
from barrierml.search.subsets import unrank

TRUSTED_PREFIXES = ("sklearn.", "numpy.", "builtins.", "scipy.")


def fingerprint(path):
    """A short digest of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


FINGERPRINTED = ("table", "split", "final", "choice", "verdict")


def build(inputs, results_dir, mechanism, replicates, seed, splits, coverage, units):
    """[(replicate, fitted estimator)] and the metadata of one mechanism's saved models.

    `inputs`: paths table, split, final (final.json), choice, verdict, under `results_dir`.
    Each estimator is scikit-learn's, with the seed the search gives the subset.
    """
    final, choice, verdict = (read_json(inputs[k]) for k in ("final", "choice", "verdict"))
    retained, rank = final["retained"], final["rank"]
    features = [retained[c] for c in unrank(rank, len(retained))]
    estimators, predictions, truths, residuals = [], [], [], []
    for replicate in replicates:
        model = chosen_model(choice, mechanism, seed, parse(replicate, splits)["stream"])
        data = replicate_matrices(inputs["table"], inputs["split"], features, replicate, splits,
                                  seed, with_folds=False)
        estimator = fitted_subset_model(model, rank, data)  # seeded as the search's subset
        pred = estimator.predict(data["X_test"])
        estimators.append((replicate, estimator))
        predictions.append(pred)
        truths.append(data["y_test"])
        residuals.append(np.abs(data["y_test"] - pred))
    table = read_frame(inputs["table"])
    shares = held_out_coverage(predictions, truths, residuals, coverage)
    meta = {"mechanism": mechanism, "algorithm": choice["algorithm"],
            "params": choice["params"][mechanism], "features": features,
            "units": {f: units[f] for f in features},
            "skill": verdict["skill"], "verdict": verdict["reason"],
            "replicates": list(replicates),
            "residuals_meV": [r.round(6).tolist() for r in residuals],
            "coverage": coverage, "held_out_coverage": shares,
            "domain": fit_domain(table[features].to_numpy(), table["compound"], features),
            "made_from": {str(Path(inputs[k]).relative_to(results_dir)): fingerprint(inputs[k])
                          for k in FINGERPRINTED}}
    return estimators, meta


def save(estimators, meta, folder):
    """model.json and one <replicate>.skops per replicate in `folder`."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for replicate, estimator in estimators:
        sio.dump(estimator, folder / f"{replicate}.skops")
    (folder / "model.json").write_text(json.dumps(meta, indent=1) + "\n")


def load(results_dir, mechanism):
    """(meta, [estimators]) of a mechanism's saved models; refuses models made from other
    results (another config or table) than those in `results_dir`, and types outside
    scikit-learn, numpy and scipy."""
    folder = Path(results_dir) / mechanism / "predict"
    if not (folder / "model.json").is_file():
        raise InputError(folder, "model.json", "no saved models",
                         "run the workflow (snakemake --cores all) to make them")
    meta = read_json(folder / "model.json")
    for relative, digest in meta["made_from"].items():
        path = Path(results_dir) / relative
        if not path.is_file() or fingerprint(path) != digest:
            raise InputError(folder, "model.json", f"made from other results than {path} "
                             "(another config or table)",
                             "rerun the workflow with the config of these results, so the "
                             "models and the results agree")
    estimators = []
    for replicate in meta["replicates"]:
        path = folder / f"{replicate}.skops"
        untrusted = sio.get_untrusted_types(file=path)
        foreign = [t for t in untrusted if not t.startswith(TRUSTED_PREFIXES)]
        if foreign:
            raise InputError(path, "types", f"not scikit-learn's: {', '.join(foreign)}",
                             "use only model files this workflow wrote")
        estimators.append(sio.load(path, trusted=untrusted))
    return meta, estimators
