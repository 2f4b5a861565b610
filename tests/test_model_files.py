"""Saved model files are shared like documents: loading one never runs code. The trusted list
is exactly what save() writes; crafted files, swapped files and paths that leave the folder are
refused with a clear error, and nothing they carry runs."""

import importlib
import io
import itertools
import json
import pickle
import zipfile

import numpy as np
import pytest
import skops.io as sio
import yaml
from support import ROOT

from barrierml.errors import InputError
from barrierml.predict import models
from barrierml.tune.registry import ALGORITHMS, make_model

RNG = np.random.default_rng(0)
X, Y = RNG.normal(size=(40, 3)), RNG.normal(size=40)


def grid_models():
    """A fitted model of every algorithm at every point of the default grid, and gradient
    boosting with each of its losses (ensembles of 2 members: the types do not depend on how
    many)."""
    grids = yaml.safe_load((ROOT / "config.yaml").read_text())["tune"]["algorithms"]
    assert set(grids) == set(ALGORITHMS)
    for name, grid in grids.items():
        for values in itertools.product(*grid.values()):
            params = {k: 2 if k.endswith("n_estimators") else v for k, v in zip(grid, values)}
            yield make_model(name, params, 0).fit(X, Y)
    for loss in ("squared_error", "absolute_error", "huber", "quantile"):
        yield make_model("gradient_boosting", {"loss": loss, "n_estimators": 2}, 0).fit(X, Y)


def test_the_trusted_list_is_exactly_what_save_writes(tmp_path):
    seen = set()
    for model in grid_models():
        models.save([("split0_seed0", model)], {}, tmp_path)
        seen |= models.file_types(tmp_path / "split0_seed0.skops")
    assert seen == models.TRUSTED
    for _, name in models.TRUSTED:  # classes only: no function of builtins, numpy or scipy
        module, _, attribute = name.rpartition(".")
        assert isinstance(getattr(importlib.import_module(module), attribute), type), name


@pytest.fixture()
def results(tmp_path):
    """A results folder with one mechanism's saved models (two replicates) and the files they
    were made from."""
    for relative in models.MADE_FROM.values():
        path = tmp_path / "vacancy" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(relative)
    meta = {"replicates": ["split0_seed0", "split1_seed0"],
            "made_from": {f"vacancy/{r}": models.fingerprint(tmp_path / "vacancy" / r)
                          for r in models.MADE_FROM.values()}}
    fitted = [(r, make_model("ridge", {"alpha": 1.0 + k}, 0).fit(X, Y))
              for k, r in enumerate(meta["replicates"])]
    models.save(fitted, meta, tmp_path / "vacancy" / "predict")
    return tmp_path


def _meta(results):
    return json.loads((results / "vacancy/predict/model.json").read_text())


def _rewrite(results, change):
    (results / "vacancy/predict/model.json").write_text(json.dumps(change(_meta(results))))


def _craft(results, replicate, payload):
    """Put `payload` (a skops schema node) in place of the ridge's alpha in a replicate's file,
    and record the crafted file's hash, as a sender who controls the whole folder would."""
    path = results / "vacancy" / "predict" / f"{replicate}.skops"
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    schema = json.loads(files["schema.json"])
    steps = schema["content"]["content"]["regressor"]["content"]["content"]["steps"]
    ridge = steps["content"][1]["content"][1]["content"]["content"]
    ridge["alpha"] = payload
    files["schema.json"] = json.dumps(schema).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    _rewrite(results, lambda m: {**m, "model_files": {**m["model_files"],
                                                      path.name: models.file_hash(path)}})


def _json(value):
    return {"__class__": "str", "__module__": "builtins", "__loader__": "JsonNode",
            "content": json.dumps(value), "is_json": True}


def _call(function, *args):
    """A node that calls `function` with `args` while it loads."""
    module, _, name = function.rpartition(".")
    return {"__class__": name, "__module__": module, "__loader__": "ConstructorFromReduceNode",
            "content": {"__class__": "tuple", "__module__": "builtins",
                        "__loader__": "TupleNode", "content": [_json(a) for a in args]}}


class Payload:
    """Pickled, it writes `marker` when unpickled."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (exec, (f"open({self.marker!r}, 'w').write('ran')",))


def test_the_saved_models_load_and_predict(results):
    meta, estimators = models.load(results, "vacancy")
    assert len(estimators) == 2 and meta["replicates"] == ["split0_seed0", "split1_seed0"]
    assert not np.allclose(estimators[0].predict(X), estimators[1].predict(X))


def test_a_callable_smuggled_into_a_hyperparameter_is_refused_and_never_runs(results,
                                                                                tmp_path):
    marker = tmp_path / "ran"
    _craft(results, "split1_seed0",
           _call("builtins.exec", f"open({str(marker)!r}, 'w').write('ran')"))
    with pytest.raises(InputError, match=r"split1_seed0.skops: types: holds builtins.exec"):
        models.load(results, "vacancy")
    assert not marker.exists()


def test_a_loader_that_turns_pickle_on_is_refused_and_never_runs(results, tmp_path):
    marker, pickled = tmp_path / "ran", tmp_path / "payload.npy"
    pickled.write_bytes(pickle.dumps(Payload(marker)))
    _craft(results, "split0_seed0", _call("numpy.load", str(pickled), None, True))
    with pytest.raises(InputError, match=r"holds numpy.load \(ConstructorFromReduceNode\)"):
        models.load(results, "vacancy")
    assert not marker.exists()


def test_a_swapped_model_file_is_refused(results):
    folder = results / "vacancy" / "predict"
    other = make_model("ridge", {"alpha": 100.0}, 0).fit(X, -Y)  # a valid, trusted model
    sio.dump(other, folder / "split1_seed0.skops")
    with pytest.raises(InputError, match="split1_seed0.skops: bytes: not the file that was saved"):
        models.load(results, "vacancy")


def test_the_checks_cannot_be_switched_off_from_model_json(results):
    for change, message in (
            (lambda m: {**m, "made_from": {}}, "made_from: does not fingerprint exactly"),
            (lambda m: {k: v for k, v in m.items() if k != "model_files"},
             "model_files: does not hold the hash"),
            (lambda m: {**m, "model_files": {}}, "model_files: does not hold the hash"),
            (lambda m: {k: v for k, v in m.items() if k != "format"}, "format: saved in layout 1")):
        saved = _meta(results)
        _rewrite(results, change)
        with pytest.raises(InputError, match=message):
            models.load(results, "vacancy")
        (results / "vacancy/predict/model.json").write_text(json.dumps(saved))
    models.load(results, "vacancy")


def test_a_path_outside_the_predict_folder_is_refused(results):
    outside = results / "elsewhere.skops"
    sio.dump(make_model("ridge", {}, 0).fit(X, Y), outside)
    name = "../../elsewhere"
    _rewrite(results, lambda m: {**m, "replicates": [name],
                                 "model_files": {f"{name}.skops": models.file_hash(outside)}})
    with pytest.raises(InputError, match="replicates: not a list of replicate names"):
        models.load(results, "vacancy")
    with pytest.raises(InputError, match="not a mechanism name"):
        models.load(results, "../vacancy")


def test_a_model_with_an_untrusted_type_is_refused_when_saved(tmp_path, monkeypatch):
    monkeypatch.setattr(models, "TRUSTED", models.TRUSTED - {("ObjectNode",
                                                               "sklearn.linear_model._ridge.Ridge")})
    with pytest.raises(InputError, match="sklearn.linear_model._ridge.Ridge not on the list"):
        models.save([("split0_seed0", make_model("ridge", {}, 0).fit(X, Y))], {}, tmp_path)
    assert not list(tmp_path.glob("*.skops"))
