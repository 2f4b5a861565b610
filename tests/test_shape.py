"""One name per stage, a package without Snakemake, a results directory that knows its data."""

import re
import subprocess
import sys

import numpy as np
import pytest
import yaml
from support import ROOT

from barrierml.config import check_config
from barrierml.errors import InputError
from barrierml.report.provenance import check_owner, stored_config

STAGES = ("data", "split", "filter", "tune", "search", "interpret", "law", "report",
          "predict")


def test_every_rule_is_named_for_its_stage_and_runs_the_script_of_its_name():
    scripts = {p.stem for p in (ROOT / "workflow" / "scripts").glob("*.py")}
    for path in sorted((ROOT / "rules").glob("*.smk")):
        if path.stem == "common":
            continue
        text = path.read_text()
        stage = path.stem.split("_")[0]
        assert stage in STAGES, path.name
        blocks = re.split(r"^(?=(?:rule|checkpoint) )", text, flags=re.MULTILINE)[1:]
        assert blocks, path.name
        for block in blocks:
            name = re.match(r"(?:rule|checkpoint) (\w+):", block).group(1)
            assert name.startswith(path.stem + "_") or name == path.stem, (path.name, name)
            script = re.search(r'script:\s+"\.\./workflow/scripts/(\w+)\.py"', block)
            if script:
                assert script.group(1) in scripts, script.group(1)
                # its own script, or (a variant such as data_build_neb_check) its base rule's
                assert name.startswith(script.group(1)), (name, script.group(1))
    for script in (ROOT / "workflow" / "scripts").glob("*.py"):
        assert script.stem.split("_")[0] in STAGES, script.name
        assert "sys.path" not in script.read_text(), script.name


def test_the_package_imports_no_snakemake():
    code = ("import sys, pkgutil, importlib, barrierml\n"
            "for m in pkgutil.walk_packages(barrierml.__path__, 'barrierml.'):\n"
            "    if not m.name.startswith('barrierml.data.mlip.') or m.name.endswith(('facts', "
            "'compositions')):\n"
            "        importlib.import_module(m.name)\n"
            "from barrierml.config import check_config\n"
            "import yaml\n"
            "check_config(yaml.safe_load(open('config.yaml')))\n"
            "print(sorted(k for k in sys.modules if k.split('.')[0] == 'snakemake'))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_schema_defaults_fill_nested_sections():
    config = check_config({"data": {"table": "t.csv"}, "tune": {"algorithms": {"ridge": {}}}})
    assert config["search"]["fidelity"]["least"] == 32
    assert config["data"]["builder"]["neb"]["images"] == 3
    assert config["results_dir"] == "results" and config["data"]["build"] is False
    with pytest.raises(InputError, match="search.chunks"):
        check_config({"data": {"table": "t.csv"}, "tune": {"algorithms": {}},
                      "search": {"chunks": "two"}})


def test_results_made_from_another_table_refuse_a_run_or_report(tmp_path):
    config = check_config({"data": {"table": str(tmp_path / "a.csv")},
                           "tune": {"algorithms": {"ridge": {}}},
                           "results_dir": str(tmp_path / "results")})
    check_owner(config)  # nothing stored yet
    stored_config(config["results_dir"]).parent.mkdir(parents=True)
    stored_config(config["results_dir"]).write_text(yaml.safe_dump(config))
    check_owner({**config, "data": {**config["data"], "label": "relabelled"}})  # a rerun
    other = {**config, "data": {**config["data"], "table": str(tmp_path / "b.csv")}}
    with pytest.raises(InputError, match="(?s)holds results made with .*a.csv.*results_dir"):
        check_owner(other)
    check_owner({**other, "results_dir": str(tmp_path / "results" / "b")})


def test_the_engine_compiles_one_signature_whatever_the_array_layout():
    from barrierml.search import kernels
    from barrierml.search.engine import score_ranks
    from barrierml.search.model import Model

    rng = np.random.default_rng(1)
    X, y = rng.random((20, 3)), rng.random(20)
    frozen = y.copy()
    frozen.setflags(write=False)
    model = Model("decision_tree", {"max_depth": 2}, 0, "m")
    for data in ({"X_train": X, "y_train": y, "X_test": X[:5], "y_test": y[:5]},
                 {"X_train": np.asfortranarray(X), "y_train": frozen,
                  "X_test": np.asfortranarray(X[:5]), "y_test": frozen[:5]}):
        score_ranks({**data, "folds": np.arange(20) % 2}, model, [0, 1])
    assert len(kernels.score_subsets.signatures) == 1


def test_the_readme_graph_names_every_rule():
    readme = (ROOT / "README.md").read_text()
    graph = readme.split("```mermaid", 1)[1].split("```", 1)[0]
    drawn = set(re.findall(r"\b([a-z]+(?:_[a-z]+)*)\b", graph))
    rules = set()
    for path in (ROOT / "rules").glob("*.smk"):
        rules |= set(re.findall(r"^(?:rule|checkpoint) (\w+):", path.read_text(), re.MULTILINE))
    assert rules and rules <= drawn, rules - drawn
