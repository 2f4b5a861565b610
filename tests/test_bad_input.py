"""The bad-input suite: each malformed table or config stops with a message naming the place and fix."""

import copy

import pandas as pd
import pytest
import yaml
from support import ROOT

from barrierml.config import check_config
from barrierml.data.catalogue import load_catalogue
from barrierml.data.inputs import fingerprint, load_inputs
from barrierml.errors import InputError
from barrierml.filter import check_preference


@pytest.fixture()
def good(default_config):
    return pd.read_csv(default_config["data"]["table"])


def _load(tmp_path, config, table, name="table.csv"):
    path = tmp_path / name
    if isinstance(table, str):
        path.write_text(table)
    elif name.endswith(".xlsx"):
        table.to_excel(path, index=False)
    else:
        table.to_csv(path, index=False)
    data = copy.deepcopy(config["data"])
    data["table"] = str(path)
    check_config({**config, "data": data})
    return load_inputs(data)


def _expect(tmp_path, config, table, *needles, name="table.csv"):
    with pytest.raises(InputError) as err:
        _load(tmp_path, config, table, name)
    message = str(err.value)
    assert name in message and "Fix:" in message
    for needle in needles:
        assert needle in message, message
    return err.value


def test_good_table_passes(tmp_path, default_config, good):
    _, descriptors, tables = _load(tmp_path, default_config, good)
    assert len(descriptors) == 44 and set(tables) == {"vacancy", "interstitial"}
    assert sum(len(t) for t in tables.values()) == len(good)


def test_misspelled_descriptor_column(tmp_path, default_config, good):
    err = _expect(tmp_path, default_config, good.rename(columns={"alpha_F": "alpha_f"}),
                  "'alpha_F'", "'alpha_f'")
    assert "rename" in err.fix


def test_missing_barrier_column(tmp_path, default_config, good):
    _expect(tmp_path, default_config, good.drop(columns="barrier_meV"), "barrier_meV", "missing")


def test_nan_value_names_column_and_line(tmp_path, default_config, good):
    good.loc[10, "CCD"] = float("nan")
    _expect(tmp_path, default_config, good, "'CCD'", "line 12", "NaN")


def test_text_in_numeric_column(tmp_path, default_config, good):
    good["PW"] = good["PW"].astype(object)
    good.loc[3, "PW"] = "1.2 Å"
    _expect(tmp_path, default_config, good, "'PW'", "line 5", "text where a number belongs")


def test_duplicate_rows(tmp_path, default_config, good):
    table = pd.concat([good, good.iloc[[7]]], ignore_index=True)
    _expect(tmp_path, default_config, table, "duplicate", "line 9", f"line {len(good) + 2}")


def test_constant_column(tmp_path, default_config, good):
    good["E_d"] = 12.0
    _expect(tmp_path, default_config, good, "E_d", "constant", "data.absent")


def test_unknown_mechanism(tmp_path, default_config, good):
    good.loc[0, "mechanism"] = "vacncy"
    _expect(tmp_path, default_config, good, "'vacncy'", "line 2", "data.mechanisms")


def test_configured_mechanism_without_rows(tmp_path, default_config, good):
    _expect(tmp_path, default_config, good[good["mechanism"] == "vacancy"],
            "no rows for mechanism 'interstitial'")


def test_empty_table(tmp_path, default_config):
    _expect(tmp_path, default_config, "", "empty")


def test_header_only_table(tmp_path, default_config, good):
    _expect(tmp_path, default_config, ",".join(good.columns) + "\n", "empty")


def test_negative_barrier(tmp_path, default_config, good):
    good.loc[4, "barrier_meV"] = -30.0
    _expect(tmp_path, default_config, good, "negative", "line 6")


def test_infinite_value(tmp_path, default_config, good):
    good.loc[2, "V_a"] = float("inf")
    _expect(tmp_path, default_config, good, "'V_a'", "line 4", "infinite")


def test_missing_file(tmp_path, default_config):
    data = {**default_config["data"], "table": str(tmp_path / "nope.csv")}
    with pytest.raises(InputError, match="nope.csv.*does not exist"):
        load_inputs(check_config({**default_config, "data": data})["data"])


def test_unknown_format(tmp_path, default_config, good):
    _expect(tmp_path, default_config, "a\tb\n1\t2\n", "format", name="table.tsv")


def test_repeated_header_is_named(tmp_path, default_config, good):
    text = good.to_csv(index=False).replace("CCD,", "V_a,", 1)
    _expect(tmp_path, default_config, text, "'V_a'", "appears twice")


def test_header_repeated_by_trimming_spaces(tmp_path, default_config, good):
    good.insert(5, " V_a ", good["V_a"] + 1.0)
    _expect(tmp_path, default_config, good, "'V_a'", "appears twice")


@pytest.mark.parametrize("sep, name", [(";", "semicolons"), ("\t", "tabs")])
def test_other_field_separator_is_named(tmp_path, default_config, good, sep, name):
    _expect(tmp_path, default_config, good.to_csv(index=False, sep=sep), name, "comma-separated")


def test_excel_table_reads_and_reports_lines(tmp_path, default_config, good):
    good.loc[0, "CCD"] = float("nan")
    _expect(tmp_path, default_config, good, "'CCD'", "line 2", name="table.xlsx")


def test_absent_lists_an_unknown_descriptor(tmp_path, default_config, good):
    config = copy.deepcopy(default_config)
    config["data"]["absent"] = ["E_gap"]
    with pytest.raises(InputError, match="E_gap.*not in the descriptor catalogue"):
        _load(tmp_path, config, good)


def test_absent_descriptors_may_be_missing(tmp_path, default_config, good):
    config = copy.deepcopy(default_config)
    config["data"]["absent"] = ["E_g", "BC_C"]
    _, descriptors, _ = _load(tmp_path, config, good.drop(columns=["E_g", "BC_C"]))
    assert "E_g" not in descriptors and len(descriptors) == 42


def test_renamed_id_columns_via_config(tmp_path, default_config, good):
    config = copy.deepcopy(default_config)
    config["data"]["columns"]["barrier"] = "Ea"
    _, _, tables = _load(tmp_path, config, good.rename(columns={"barrier_meV": "Ea"}))
    assert tables["vacancy"]["barrier"].gt(0).all()


@pytest.mark.parametrize("key,value,needle", [
    (("search", "chunks"), "four", "search.chunks"),
    (("split", "test_fraction"), 1.5, "split.test_fraction"),
    (("filter", "threshold"), "high", "filter.threshold"),
    (("seed",), 1.5, "seed"),
    (("search", "max_size"), 0, "search.max_size"),
    (("data", "mechanisms"), "vacancy", "data.mechanisms"),
    (("search", "chunk"), 4, "search"),
])
def test_config_value_of_the_wrong_type(default_config, key, value, needle):
    config = copy.deepcopy(default_config)
    node = config
    for k in key[:-1]:
        node = node.setdefault(k, {})
    node[key[-1]] = value
    with pytest.raises(InputError) as err:
        check_config(config)
    assert needle in str(err.value) and "expected" in str(err.value)


def test_unknown_algorithm(default_config):
    default_config["tune"]["algorithms"]["adaboost"] = {}
    with pytest.raises(InputError, match="tune.algorithms.adaboost.*unknown algorithm"):
        check_config(default_config)


def test_use_names_an_algorithm_without_grid(default_config):
    default_config["tune"]["use"] = ["ridge", "adaboost"]
    with pytest.raises(InputError, match="tune.use.*adaboost has no grid"):
        check_config(default_config)


def test_misspelled_grid_parameter(default_config):
    config = copy.deepcopy(default_config)
    config["tune"]["algorithms"]["ridge"] = {"alpah": [1.0]}
    with pytest.raises(InputError, match=r"tune\.algorithms\.ridge\.alpah.*\n.*write 'alpha'"):
        check_config(config)


def test_nested_grid_parameter_is_known(default_config):
    config = copy.deepcopy(default_config)
    config["tune"]["algorithms"]["adaboost_extra_trees"] = {"estimator__max_depth": [3]}
    check_config(config)
    config["tune"]["algorithms"]["adaboost_extra_trees"] = {"estimator__max_dpth": [3]}
    with pytest.raises(InputError, match="estimator__max_depth"):
        check_config(config)


@pytest.mark.parametrize("key, value", [("split.group_by", "formula"), ("repeats.splits", 0),
                                        ("repeats.min_frequency", 1.5),
                                        ("verdict.permutations", "three")])
def test_trust_settings_are_checked(default_config, key, value):
    config = copy.deepcopy(default_config)
    section, name = key.split(".")
    config[section][name] = value
    with pytest.raises(InputError, match=f"key {key}"):
        check_config(config)


def test_use_selects_algorithms(default_config):
    from barrierml.config import algorithms

    assert len(algorithms(check_config(default_config))) == 18
    default_config["tune"]["use"] = ["ridge", "extra_trees"]
    assert algorithms(check_config(default_config)) == ["ridge", "extra_trees"]


def test_misspelled_preference(default_config):
    with pytest.raises(InputError, match="alpha_X"):
        check_preference(["V_a", "alpha_X"], ["V_a", "alpha_F"])
    with pytest.raises(InputError, match="eps_e"):  # absent must be declared to be skipped
        check_preference(["V_a", "eps_e"], ["V_a", "alpha_F"], absent=["E_g"])


def test_preference_may_name_absent_descriptors():
    check_preference(["V_a", "eps_e", "alpha_F"], ["V_a", "alpha_F"], absent=["eps_e"])


def test_defaults_are_filled_and_agree_with_config_yaml(default_config):
    shipped = copy.deepcopy(default_config)
    for section in ("search", "repeats", "verdict"):
        del default_config[section]
    default_config["split"] = {}
    check_config(default_config)
    assert default_config["search"]["rank_by"] == "cv_rmse"
    assert default_config["search"]["max_size"] is None
    assert default_config["split"]["group_by"] == "compound"
    for section, key in (("search", "chunks"), ("search", "rank_by"), ("split", "folds"),
                         ("split", "group_by"), ("repeats", "splits"), ("repeats", "seeds"),
                         ("repeats", "min_frequency"), ("verdict", "permutations"),
                         ("verdict", "min_gain")):
        assert default_config[section][key] == shipped[section][key], f"{section}.{key}"


def test_paper_symbols_load_through_the_shipped_column_map(default_config, good, tmp_path):
    """configs/paper_si.yaml: a table headed with the paper's Table 1 symbols loads unchanged."""
    mapping = yaml.safe_load((ROOT / "configs" / "paper_si.yaml").read_text())["data"]["rename"]
    symbols = {d.column: d.symbol for d in load_catalogue(default_config["data"]["catalogue"])}
    assert mapping == {s: c for c, s in symbols.items() if s != c}  # every symbol that differs
    config = copy.deepcopy(default_config)
    config["data"]["rename"] = mapping
    frames = _load(tmp_path, config, good.rename(columns={c: s for s, c in mapping.items()}))[2]
    expected = _load(tmp_path, default_config, good)[2]
    for mechanism, frame in expected.items():
        pd.testing.assert_frame_equal(frames[mechanism], frame)


def test_rename_of_a_missing_header_is_named(default_config, good, tmp_path):
    config = copy.deepcopy(default_config)
    config["data"]["rename"] = {"α_F": "alpha_F"}
    _expect(tmp_path, config, good, "column 'α_F'", "data.rename")


def test_rename_onto_an_existing_column_is_named(default_config, good, tmp_path):
    config = copy.deepcopy(default_config)
    config["data"]["rename"] = {"CCD": "V_a"}
    err = _expect(tmp_path, config, good, "column 'CCD'", "maps it to 'V_a'",
                  "table already has")
    assert "data.rename" in err.fix
    config["data"]["rename"] = {"V_a": "CCD", "CCD": "V_a"}  # a swap is not a clash
    _load(tmp_path, config, good)
    config["data"]["rename"] = {"V_a": "CCD", "CCD": "t", "t": "CCD"}
    with pytest.raises(InputError, match="target 'CCD': two table headers"):
        _load(tmp_path, config, good)


def test_a_missing_column_suggests_only_names_that_are_close(tmp_path, default_config, good):
    err = _expect(tmp_path, default_config, good.rename(columns={"r_O": "R O"}), "'r_O'")
    assert "the table has 'R O': rename it to 'r_O'" in err.fix
    for gone, other in (("eps_e", "phase"), ("eps_e", "eps_i"), ("CN_C", "BC_C")):
        table = good.drop(columns=gone)
        if other not in table:
            table[other] = 1.0
        err = _expect(tmp_path, default_config, table, f"'{gone}'")
        assert f"'{other}'" not in err.fix, err.fix


def test_a_value_beyond_float32_names_its_row(tmp_path, default_config, good):
    good["V_a"] = good["V_a"].astype(float)
    good.loc[7, "V_a"] = 1e200
    _expect(tmp_path, default_config, good, "'V_a'", "line 9", "float32")


@pytest.mark.parametrize("overlay", sorted((ROOT / "configs").glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_configs_pass_the_schema_over_the_default(overlay):
    """Each configs/*.yaml, laid over config.yaml as `--configfile config.yaml overlay` does."""
    from snakemake.utils import update_config
    config = yaml.safe_load((ROOT / "config.yaml").read_text())
    update_config(config, yaml.safe_load(overlay.read_text()))
    check_config(config, str(overlay))
    if overlay.name == "paper_si.yaml":  # the paper's table: no MLIP warning, nothing absent
        assert config["data"]["absent"] == [] and config["data"]["mlip"] is False


def test_an_extra_descriptor_with_an_unknown_key_is_refused(default_config):
    config = copy.deepcopy(default_config)
    config["data"]["extra_descriptors"] = [{"column": "x", "symbol": "x", "category": "lattice",
                                            "unit": "1", "definition": "d", "units": "eV"}]
    with pytest.raises(InputError, match=r"data.extra_descriptors.0.*'units' was unexpected"):
        check_config(config)


@pytest.mark.parametrize("key,value", [
    (("data", "label"), "<script>alert(1)</script>"),
    (("data", "extra_descriptors"), [{"column": "x", "symbol": "x", "category": "lattice",
                                      "unit": "1", "definition": "</script><b>"}]),
    (("data", "rename"), {"<img src=x>": "V_a"}),
    (("data", "columns"), {"compound": "name\x1b[2J"}),
])
def test_config_text_that_could_act_as_html_is_refused(default_config, key, value):
    config = copy.deepcopy(default_config)
    config[key[0]][key[1]] = value
    with pytest.raises(InputError, match=rf"key {key[0]}\.{key[1]}.*'<', '>' or a control"):
        check_config(config)


def test_a_config_of_nested_aliases_is_refused_before_it_is_expanded(default_config):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    bomb = yaml.safe_load("\n".join(lines))  # 10^10 values once expanded
    config = {**copy.deepcopy(default_config), "bomb": bomb}
    with pytest.raises(InputError, match="expands to more than 100,000 values"):
        check_config(config)


def test_the_rows_fingerprint_changes_with_any_value_or_name(default_config, good, tmp_path):
    _, _, tables = _load(tmp_path, default_config, good)
    frame = tables["vacancy"]
    digest = fingerprint(frame)
    assert fingerprint(frame.copy()) == digest
    changed = frame.copy()
    changed.iloc[3, -1] += 1e-9
    renamed = frame.rename(columns={frame.columns[-1]: "other"})
    assert len({digest, fingerprint(changed), fingerprint(renamed),
                fingerprint(frame.iloc[:-1])}) == 4


def test_a_per_barrier_uncertainty_column_is_carried_in_meV_and_checked(tmp_path, default_config,
                                                                        good):
    table = good.assign(barrier_uncertainty_meV=[None if k % 3 else 0.5 * k
                                                 for k in range(len(good))])
    _, descriptors, tables = _load(tmp_path, default_config, table)
    frame = tables["vacancy"]
    expected = table.loc[frame.index, "barrier_uncertainty_meV"].to_numpy()
    assert frame["uncertainty"].equals(pd.Series(expected, index=frame.index, name="uncertainty"))
    assert "uncertainty" not in descriptors and "barrier_uncertainty_meV" not in descriptors
    assert "uncertainty" not in _load(tmp_path, default_config, good)[2]["vacancy"]
    negative = table.assign(barrier_uncertainty_meV=-1.0)
    _expect(tmp_path, default_config, negative, "'barrier_uncertainty_meV'", "negative")
    text = table.astype({"barrier_uncertainty_meV": object})
    text.loc[4, "barrier_uncertainty_meV"] = "about 20"
    _expect(tmp_path, default_config, text, "'barrier_uncertainty_meV'", "line 6", "text")
