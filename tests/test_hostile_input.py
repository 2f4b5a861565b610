"""Input that used to run with the wrong meaning, write outside results/ or fail late: each is
refused through the command line at parse time (a dry run), with the place and the fix."""

import shutil

import pandas as pd
import pytest
import yaml
from support import ROOT, snakemake

from barrierml.search.chunks import write_chunk
from barrierml.search.gather import gather

pytestmark = pytest.mark.slow  # each case runs Snakemake in a subprocess

TABLE = ROOT / "data" / "synthetic_antiperovskites.csv"
EXTRA = {"symbol": "X", "category": "lattice", "unit": "1", "definition": "test"}


def _run(tmp_path, table=None, config=None, raw_config=None):
    """Dry run in a fresh work directory; returns (returncode, output, workdir)."""
    work = tmp_path / "work"
    work.mkdir(parents=True)
    frame = pd.read_csv(TABLE) if table is None else table
    frame.to_csv(work / "table.csv", index=False)
    base = {"data": {"table": "table.csv", "catalogue": str(ROOT / "data" / "descriptors.yaml"),
                     "synthetic": True}, "tune": {"algorithms": {"ridge": {"alpha": [1.0]}}}}
    for section, values in (config or {}).items():
        base[section] = {**base.get(section, {}), **values} if isinstance(values, dict) \
            else values
    text = raw_config if raw_config is not None else yaml.safe_dump(base)
    (work / "tiny.yaml").write_text(text)
    result = snakemake(work, "-n", timeout=300)
    return result.returncode, result.stdout + result.stderr, work


def _refused(tmp_path, *needles, **kwargs):
    code, out, work = _run(tmp_path, **kwargs)
    assert code != 0, out[-2000:]
    assert "Fix:" in out or "expected:" in out, out[-2000:]
    for needle in needles:
        assert needle in out, out[-3000:]
    assert not (work / "results").exists()  # refused before any job
    return out


def _table(**changes):
    frame = pd.read_csv(TABLE)
    for column, values in changes.items():
        frame[column] = values
    return frame


def test_a_descriptor_named_like_the_target_is_refused(tmp_path):
    frame = _table(barrier=-1.0)
    _refused(tmp_path, "named like an id column", "barrier", table=frame,
             config={"data": {"extra_descriptors": [{"column": "barrier", **EXTRA}]}})


def test_the_target_declared_as_a_descriptor_is_refused(tmp_path):
    _refused(tmp_path, "named like an id column", "barrier_meV",
             config={"data": {"extra_descriptors": [{"column": "barrier_meV", **EXTRA}]}})


def test_a_descriptor_that_is_the_barrier_in_disguise_is_warned_about(tmp_path):
    frame = pd.read_csv(TABLE)
    frame["copy"] = frame["barrier_meV"] * 2 + 1
    code, out, _ = _run(tmp_path, table=frame,
                        config={"data": {"extra_descriptors": [{"column": "copy", **EXTRA}]}})
    assert code == 0 and "descriptor 'copy' has |ρ| = 1.000" in out and "leakage" in out


def test_barriers_in_ev_are_refused_unless_declared(tmp_path):
    frame = pd.read_csv(TABLE)
    frame["barrier_meV"] /= 1000
    _refused(tmp_path, "look like eV", "data.units: eV", table=frame)
    code, out, _ = _run(tmp_path / "declared", table=frame, config={"data": {"units": "eV"}})
    assert code == 0, out[-2000:]


@pytest.mark.parametrize("name", ["../../../../x", "/tmp/abs", "a;b", "x y"])
def test_descriptor_names_that_could_name_files_or_split_subsets_are_refused(tmp_path, name):
    frame = pd.read_csv(TABLE)
    frame[name] = range(len(frame))
    _refused(tmp_path, "only letters, digits", table=frame,
             config={"data": {"extra_descriptors": [{"column": name, **EXTRA}]}})
    assert not list(tmp_path.parent.glob("x.png")) and not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("change, needles", [
    ({"barrier_meV": 250.0}, ["every barrier is 250 meV"]),
    ({"barrier_meV": [1e308] + [200.0] * 603}, ["above 100000 meV", "line 2"]),
])
def test_barriers_that_would_fail_late_stop_at_once(tmp_path, change, needles):
    _refused(tmp_path, *needles, table=_table(**change))


@pytest.mark.parametrize("config, needle", [
    ({"seed": -1}, "key seed"),
    ({"data": {"table": "table{x}.csv"}}, "key data.table"),
    ({"search": {"chunks": 10**9}}, "key search.chunks"),
])
def test_config_values_that_would_fail_late_stop_at_once(tmp_path, config, needle):
    _refused(tmp_path, needle, config=config)


def test_an_alias_bomb_in_a_grid_is_refused(tmp_path):
    bomb = ("data: {table: table.csv, catalogue: %s}\n"
            "tune:\n  algorithms:\n    ridge:\n"
            "      alpha: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
            "      x: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "      y: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
            "      z: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n") % (ROOT / "data/descriptors.yaml")
    _refused(tmp_path, "key tune.algorithms.ridge", raw_config=bomb)


def test_a_folder_as_the_table_says_so(tmp_path):
    (tmp_path / "folder").mkdir()
    _refused(tmp_path, "is a folder", config={"data": {"table": str(tmp_path / "folder")}})


def test_every_missing_column_is_named_at_once(tmp_path):
    frame = pd.read_csv(TABLE).drop(columns=["PW", "CCD", "E_f"])
    out = _refused(tmp_path, "'PW'", "'CCD'", "'E_f'", "missing (3 of", table=frame)
    assert out.count("missing (3 of") >= 1


def test_an_excel_workbook_whose_first_sheet_is_not_the_table_points_at_data_sheet(tmp_path):
    work = tmp_path / "book.xlsx"
    with pd.ExcelWriter(work) as writer:
        pd.DataFrame({"notes": ["read me"]}).to_excel(writer, sheet_name="notes", index=False)
        pd.read_csv(TABLE).to_excel(writer, sheet_name="barriers", index=False)
    _refused(tmp_path, "first sheet", "data.sheet", config={"data": {"table": str(work)}})
    code, out, _ = _run(tmp_path / "named", config={"data": {"table": str(work),
                                                             "sheet": "barriers"}})
    assert code == 0, out[-2000:]


def test_a_compound_spelled_two_ways_is_warned_about(tmp_path):
    frame = pd.read_csv(TABLE)
    first = frame["compound"].iloc[0]
    rows = frame.index[(frame["compound"] == first) & (frame["mechanism"] == "vacancy")][:1]
    frame.loc[rows, "compound"] = first.lower()
    code, out, _ = _run(tmp_path, table=frame)
    assert code == 0 and "spelled in 2 ways" in out and first.lower() in out


def test_a_truncated_chunk_names_the_file_to_delete(tmp_path):
    good = tmp_path / "good.npz"
    write_chunk(pd.DataFrame({"rank": [0], "size": [1], "test_rmse": [1.0]}), good)
    bad = tmp_path / "bad.npz"
    shutil.copy(good, bad)
    bad.write_bytes(bad.read_bytes()[:20])
    with pytest.raises(ValueError, match="bad.npz: unreadable chunk file.*delete it"):
        gather([good, bad], "test_rmse", 3)


def test_data_absent_is_checked_when_the_table_is_built(tmp_path):
    _refused(tmp_path, "config data.absent", "no_such_descriptor",
             config={"data": {"build": True, "absent": ["no_such_descriptor"]}})


def test_a_config_of_nested_aliases_is_refused_at_parse_time(tmp_path):
    catalogue = ROOT / "data" / "descriptors.yaml"
    lines = [f"data: {{table: table.csv, synthetic: true, catalogue: {catalogue}}}",
             "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    _refused(tmp_path, "expands to more than 100,000 values", raw_config="\n".join(lines))


def test_html_in_an_extra_descriptor_is_refused_at_parse_time(tmp_path):
    _refused(tmp_path, "data.extra_descriptors[0].definition", "'<', '>'",
             config={"data": {"extra_descriptors": [
                 {**EXTRA, "column": "x", "definition": "</script><script>alert(1)"}]}})
