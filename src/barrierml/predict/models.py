"""Saved models of a mechanism: the consensus subset refitted on each real replicate's
training rows (skops files, never pickle), with what prediction needs in model.json.

A results folder is shared like a document, so loading one must never run code: a model file
loads only if its bytes have the hash model.json recorded when it was saved and every node of
its schema is one of TRUSTED, the exact (skops loader, type) pairs that this project's models
contain (tests/test_model_files.py derives them again from what save() writes). No function,
no prefix of a module name, no path outside the predict folder is ever taken from the files.
"""

import hashlib
import json
import re
import zipfile
from pathlib import Path

import numpy as np
import skops.io as sio

from barrierml.errors import InputError
from barrierml.io import read_frame, read_json
from barrierml.predict.conformal import held_out_coverage
from barrierml.predict.domain import fit_domain
from barrierml.search.evaluate import fitted_subset_model
from barrierml.search.model import chosen_model
from barrierml.search.replicates import PRIMARY, parse, replicate_matrices
from barrierml.search.subsets import unrank

TRUSTED = frozenset({
    ("DictNode", "builtins.dict"),
    ("JsonNode", "builtins.str"),
    ("ListNode", "builtins.list"),
    ("TupleNode", "builtins.tuple"),
    ("TypeNode", "builtins.str"),
    ("NdArrayNode", "numpy.float64"),
    ("NdArrayNode", "numpy.int64"),
    ("NdArrayNode", "numpy.ndarray"),
    ("RandomStateNode", "numpy.random.mtrand.RandomState"),
    ("TreeNode", "sklearn.tree._tree.Tree"),
    ("LossNode", "sklearn._loss._loss.CyAbsoluteError"),
    ("LossNode", "sklearn._loss._loss.CyHalfSquaredError"),
    ("LossNode", "sklearn._loss._loss.CyHuberLoss"),
    ("LossNode", "sklearn._loss._loss.CyPinballLoss"),
    *(("ObjectNode", f"sklearn.{name}") for name in (
        "_loss.link.IdentityLink", "_loss.link.Interval", "_loss.loss.AbsoluteError",
        "_loss.loss.HalfSquaredError", "_loss.loss.HuberLoss", "_loss.loss.PinballLoss",
        "compose._target.TransformedTargetRegressor", "dummy.DummyRegressor",
        "ensemble._bagging.BaggingRegressor", "ensemble._forest.ExtraTreesRegressor",
        "ensemble._forest.RandomForestRegressor", "ensemble._gb.GradientBoostingRegressor",
        "ensemble._weight_boosting.AdaBoostRegressor", "linear_model._base.LinearRegression",
        "linear_model._bayes.BayesianRidge", "linear_model._coordinate_descent.ElasticNet",
        "linear_model._coordinate_descent.Lasso", "linear_model._huber.HuberRegressor",
        "linear_model._least_angle.Lars", "linear_model._ridge.Ridge",
        "linear_model._stochastic_gradient.SGDRegressor", "pipeline.Pipeline",
        "preprocessing._data.StandardScaler", "svm._classes.SVR",
        "tree._classes.DecisionTreeRegressor", "tree._classes.ExtraTreeRegressor")),
})
# The layout of model.json and its files; the predict_models rule has it as a param, so saved
# models of an older layout are saved again by the next run.
FORMAT = 2
REPLICATE = re.compile(r"split\d+_seed\d+")
MECHANISM = re.compile(r"[A-Za-z0-9_]+")
# What the models were made from, under <results_dir>/<mechanism>/ (the predict rule's inputs).
MADE_FROM = {"table": "data/table.csv", "split": "split/split.csv",
             "final": "search/final.json", "choice": "tune/choice.json",
             "verdict": "search/verdict.json"}


def made_from(nested):
    """MADE_FROM of models with nested tuning (the final choice is the primary replicate's)
    or without."""
    return {**MADE_FROM, "choice": f"search/{PRIMARY}/choice.json"} if nested else MADE_FROM


def file_hash(path):
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def fingerprint(path):
    """A short digest of a file's bytes (the made_from entries)."""
    return file_hash(path)[:16]


def file_types(path):
    """The (skops loader, type) pair of every node of a skops file, read from its schema
    without loading anything."""
    with zipfile.ZipFile(path) as archive:
        schema = json.loads(archive.read("schema.json"))
    found, stack = set(), [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "__loader__" in node:
                found.add((str(node["__loader__"]),
                           f"{node.get('__module__')}.{node.get('__class__')}"))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def build(inputs, results_dir, mechanism, replicates, seed, splits, coverage, units):
    """[(replicate, fitted estimator)] and the metadata of one mechanism's saved models.

    `inputs`: paths table, split, final (final.json), choice (the final model's), verdict,
    under `results_dir`, and `choices`, the replicates' nested choices (empty without nested
    tuning). Each estimator is scikit-learn's, with the seed the search gives the subset, and
    the replicate's own model under nested tuning.
    """
    final, choice, verdict = (read_json(inputs[k]) for k in ("final", "choice", "verdict"))
    nested = {c["replicate"]: c for c in map(read_json, inputs.get("choices", []))}
    retained, rank = final["retained"], final["rank"]
    features = [retained[c] for c in unrank(rank, len(retained))]
    estimators, predictions, truths, residuals, models = [], [], [], [], {}
    for replicate in replicates:
        own = nested.get(replicate, choice)
        models[replicate] = {"algorithm": own["algorithm"], "params": own["params"][mechanism]}
        model = chosen_model(own, mechanism, seed, parse(replicate, splits)["stream"])
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
            "replicates": list(replicates), "nested": bool(nested), "models": models,
            "residuals_meV": [r.round(6).tolist() for r in residuals],
            "coverage": coverage, "held_out_coverage": shares,
            "domain": fit_domain(table[features].to_numpy(), table["compound"], features),
            "made_from": {f"{mechanism}/{relative}": fingerprint(inputs[name])
                          for name, relative in made_from(bool(nested)).items()}}
    return estimators, meta


def save(estimators, meta, folder):
    """model.json and one <replicate>.skops per replicate in `folder`; model.json records each
    file's hash. A model holding a type outside TRUSTED is refused here, not at prediction."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    hashes = {}
    for replicate, estimator in estimators:
        path = folder / f"{replicate}.skops"
        sio.dump(estimator, path)
        foreign = sorted(t for _, t in file_types(path) - TRUSTED)
        if foreign:
            path.unlink()
            raise InputError(path, "types", f"{', '.join(foreign)} not on the list of types "
                             "a saved model may hold (barrierml.predict.models.TRUSTED)",
                             "use the algorithm's default loss and settings, or add the type "
                             "to TRUSTED after checking that loading it runs no code")
        hashes[path.name] = file_hash(path)
    (folder / "model.json").write_text(json.dumps({**meta, "format": FORMAT,
                                                   "model_files": hashes}, indent=1) + "\n")


def _refuse(path, where, problem):
    raise InputError(path, where, problem, "predict only from results this workflow wrote; "
                     "to save the models again: snakemake --cores all --forcerun predict_models")


def load(results_dir, mechanism):
    """(meta, [estimators]) of a mechanism's saved models. Refuses models made from other
    results (another config or table) than those in `results_dir`, a model file whose bytes
    changed since it was saved, any type outside TRUSTED, and names that leave the folder."""
    if not MECHANISM.fullmatch(str(mechanism)):
        _refuse(results_dir, f"mechanism {mechanism!r}", "not a mechanism name (letters, "
                "digits, underscore)")
    folder = Path(results_dir) / mechanism / "predict"
    if not (folder / "model.json").is_file():
        raise InputError(folder, "model.json", "no saved models",
                         "run the workflow (snakemake --cores all) to make them")
    meta = read_json(folder / "model.json")
    if meta.get("format") != FORMAT:
        _refuse(folder / "model.json", "format", f"saved in layout {meta.get('format', 1)}, "
                f"not {FORMAT} (by an older barrierml)")
    fingerprints = meta.get("made_from")
    wanted = {f"{mechanism}/{relative}"
              for relative in made_from(meta.get("nested") is True).values()}
    if not isinstance(fingerprints, dict) or set(fingerprints) != wanted:
        _refuse(folder / "model.json", "made_from", "does not fingerprint exactly the "
                f"results the models are made from ({', '.join(sorted(wanted))})")
    for relative in sorted(wanted):
        path = Path(results_dir) / relative
        if not path.is_file() or fingerprint(path) != fingerprints[relative]:
            raise InputError(folder, "model.json", f"made from other results than {path} "
                             "(another config or table)",
                             "rerun the workflow with the config of these results, so the "
                             "models and the results agree")
    replicates, hashes = meta.get("replicates"), meta.get("model_files")
    if not isinstance(replicates, list) or not replicates or not all(
            isinstance(r, str) and REPLICATE.fullmatch(r) for r in replicates):
        _refuse(folder / "model.json", "replicates", "not a list of replicate names "
                "like split0_seed0")
    names = {f"{replicate}.skops" for replicate in replicates}
    if not isinstance(hashes, dict) or set(hashes) != names:
        _refuse(folder / "model.json", "model_files", "does not hold the hash of exactly "
                "the saved model files")
    estimators = []
    for replicate in replicates:
        path = folder / f"{replicate}.skops"
        if not path.is_file() or file_hash(path) != hashes[path.name]:
            _refuse(path, "bytes", "not the file that was saved (its hash differs from "
                    "model.json's)")
        try:
            types = file_types(path)
        except (zipfile.BadZipFile, KeyError, ValueError) as err:
            _refuse(path, "schema", f"not a skops model file ({err})")
        foreign = sorted(f"{t} ({loader})" for loader, t in types - TRUSTED)
        if foreign:
            _refuse(path, "types", f"holds {', '.join(foreign)}, which no model of this "
                    "workflow holds")
        estimators.append(sio.load(path, trusted=sorted({t for _, t in types})))
    return meta, estimators
