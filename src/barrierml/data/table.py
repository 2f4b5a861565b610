"""Load the long descriptor table (CSV or Excel) and validate it before anything is computed."""

import difflib
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from barrierml.errors import InputError, InputWarning

ID_FIELDS = ("compound", "mechanism", "path", "barrier")
# The validated frame's columns that are not descriptors (uncertainty only if the table has it).
NOT_DESCRIPTORS = ("compound", "path", "barrier", "uncertainty")


def read_table(path, sheet=None):
    """Read a CSV or Excel table as text-preserving columns; errors name the file."""
    path = Path(path)
    if path.is_dir():
        raise InputError(path, "path", "is a folder, not a table file",
                         "set data.table to the table file itself (.csv or .xlsx)")
    if not path.is_file():
        raise InputError(path, "file", "does not exist",
                         "set data.table in your config file to the path of your table")
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            df = pd.read_csv(path, skipinitialspace=True)
            header = pd.read_csv(path, header=None, nrows=1, skipinitialspace=True)
        elif suffix in (".xlsx", ".xlsm", ".xls"):
            df = pd.read_excel(path, sheet_name=sheet if sheet is not None else 0)
            header = pd.read_excel(path, sheet_name=sheet if sheet is not None else 0,
                                   header=None, nrows=1)
        else:
            raise InputError(path, "file name", f"unknown table format '{suffix}'",
                             "give a .csv or .xlsx file")
    except pd.errors.EmptyDataError:
        df = pd.DataFrame()
    except (pd.errors.ParserError, ValueError, OSError) as err:
        if isinstance(err, InputError):
            raise
        raise InputError(path, "whole file", f"cannot be parsed ({err})",
                         "save the table as comma-separated text with one header line")
    if len(df.columns):  # the header as written: pandas renames a repeated name to 'name.1'
        df.columns = [str(h).strip() if pd.notna(h) else c
                      for h, c in zip(header.iloc[0], df.columns)]
    check_headers(df, path)
    for sep, name in ((";", "semicolons"), ("\t", "tabs")):
        if len(df.columns) == 1 and sep in df.columns[0]:
            raise InputError(path, "header line", f"one column only: the fields are separated by "
                             f"{name}, not commas", "save the table as comma-separated values (.csv)")
    return df


def check_headers(df, path):
    """Stop on a header that names two columns alike (after trimming spaces or renaming)."""
    repeated = sorted(set(df.columns[df.columns.duplicated()]))
    if repeated:
        raise InputError(path, f"header line, column(s) {', '.join(map(repr, repeated))}",
                         "the same column name appears twice",
                         "keep one column of each name, or rename the other")


def _line(i):
    """Human row reference: data row i (0-based) is line i + 2 of the file (line 1 is the header)."""
    return f"line {i + 2}"


def _lines(index, limit=5):
    shown = ", ".join(_line(i) for i in list(index)[:limit])
    return shown + (f" and {len(index) - limit} more" if len(index) > limit else "")


def _misspelt(column, candidates):
    """The candidate that is probably `column` misspelt: the same name up to case, spaces,
    '-' and '_', or nearly so (difflib ratio ≥ 0.8 on those keys); None if none is."""
    def key(name):
        return "".join(ch for ch in str(name).lower() if ch not in " _-")

    keys = {key(c): c for c in reversed(candidates)}
    near = difflib.get_close_matches(key(column), list(keys), n=1, cutoff=0.8)
    return keys[near[0]] if near else None


def _require(path, df, wanted):
    """Stop unless every wanted column ({column: role}) is there, naming all missing at once."""
    missing = [c for c in wanted if c not in df.columns]
    if not missing:
        return
    hints = []
    for column in missing:
        near = _misspelt(column, [c for c in df.columns if c not in wanted])
        if near:
            hints.append(f"the table has '{near}': rename it to '{column}'")
    raise InputError(path, "column(s) " + ", ".join(f"'{c}' ({wanted[c]})" for c in missing),
                     f"missing ({len(missing)} of {len(wanted)})",
                     "; ".join([*hints, ("add the columns, or set the names in config "
                                "data.columns / list descriptors in data.absent")]))


UNITS = {"meV": 1.0, "eV": 1000.0}
FLOAT32_MAX = float(np.finfo(np.float32).max)  # the tree engine and scikit-learn's trees
# A barrier column whose largest value is below this is in the wrong unit, or above the last.
UNIT_RANGE = {"meV": (2.0, 1e5), "eV": (0.002, 100.0)}


def _check_reserved(path, descriptors, names):
    """A descriptor may not take the name of an id role or of a configured id column."""
    reserved = set(ID_FIELDS) | {"uncertainty"} | {v for v in names.values() if v}
    clash = [d for d in descriptors if d in reserved]
    if clash:
        raise InputError(path, f"descriptor(s) {', '.join(clash)}",
                         "named like an id column (compound, mechanism, path, barrier, "
                         "uncertainty, or a data.columns name): it would replace the id or "
                         "the target, or leak it",
                         "rename the descriptor (data.rename or data.extra_descriptors); never "
                         "list the barrier itself as a descriptor")


def _uncertainty(df, path, column, units):
    """The per-barrier uncertainties in meV (NaN where a cell is empty), or None when the table
    has no such column."""
    if not column or column not in df.columns:
        return None
    values = pd.to_numeric(df[column], errors="coerce")
    text = df.index[values.isna() & df[column].notna()
                    & (df[column].astype(str).str.strip() != "")]
    if len(text):
        raise InputError(path, f"column '{column}', {_lines(text)}", "text where an uncertainty "
                         "(a number ≥ 0) belongs", "write a number, or leave the cell empty")
    bad = df.index[(values < 0) | np.isinf(values)]
    if len(bad):
        raise InputError(path, f"column '{column}', {_lines(bad)}", "negative or infinite "
                         "uncertainty", "an uncertainty is a number ≥ 0; leave it empty if unknown")
    return values * UNITS[units]


def _check_barriers(path, column, barriers, units):
    """Barriers in the declared unit, within what a migration barrier can be."""
    low, high = UNIT_RANGE[units]
    largest = float(barriers.max())
    if largest < low:
        other = "eV" if units == "meV" else "meV"
        raise InputError(path, f"column '{column}'", f"every barrier is below {low:g} {units}: "
                         f"they look like {other}", f"set data.units: {other}, or convert")
    big = barriers.index[barriers > high]
    if len(big):
        raise InputError(path, f"column '{column}', {_lines(big)}",
                         f"barrier above {high:g} {units}, not a migration barrier",
                         "check the value and data.units")


def _numbers(df, path, ids, numeric):
    """{column: float values} of the numeric columns; no NaN in ids or numbers, no text, no inf."""
    for column in [*ids, *numeric]:
        empty = df.index[df[column].isna()]
        if len(empty):
            raise InputError(path, f"column '{column}', {_lines(empty)}", "empty or NaN value",
                             "fill in the value, or remove the row")
    values = {}
    for column in numeric:
        parsed = pd.to_numeric(df[column], errors="coerce")
        bad = df.index[parsed.isna()]
        if len(bad):
            raise InputError(path, f"column '{column}', {_lines(bad)}",
                             f"text where a number belongs ({df[column][bad[0]]!r})",
                             "write a plain number (decimal point '.', no units)")
        if not np.isfinite(parsed).all():
            bad = df.index[~np.isfinite(parsed)]
            raise InputError(path, f"column '{column}', {_lines(bad)}", "infinite value",
                             "replace it with a finite number")
        values[column] = parsed.astype(float)
    return values


def _within_float32(path, values, columns):
    """Descriptor values the models can compute with: |x| within float32's range."""
    for column in columns:
        huge = values[column].index[values[column].abs() > FLOAT32_MAX]
        if len(huge):
            raise InputError(path, f"column '{column}', {_lines(huge)}",
                             f"value {values[column][huge[0]]:g} beyond what the models "
                             f"compute with (float32, |x| ≤ {FLOAT32_MAX:.3g})",
                             "check the value and its unit")


def _mechanism(df, path, column, mechanisms):
    """The mechanism column, stripped; every value must be one of `mechanisms`."""
    mechanism = df[column].astype(str).str.strip()
    unknown = df.index[~mechanism.isin(mechanisms)]
    if len(unknown):
        raise InputError(path, f"column '{column}', {_lines(unknown)}",
                         f"unknown mechanism {mechanism[unknown[0]]!r}",
                         f"use one of {', '.join(mechanisms)} or add it to config data.mechanisms")
    return mechanism


def validate_rows(df, path, descriptors, columns, mechanisms):
    """A table of rows to predict: compound, mechanism, the descriptors each mechanism's model
    reads ({mechanism: [columns]}), a path id if present; barriers are ignored. Each row is
    checked for its own mechanism's descriptors only. Returns one frame (compound, mechanism,
    path, descriptors; NaN where a row's mechanism does not read a descriptor)."""
    if df.empty or len(df.columns) == 0:
        raise InputError(path, "whole file", "the table is empty",
                         "give a header line and one row per migration path")
    names = {field: columns[field] for field in ("compound", "mechanism")}
    _require(path, df, {column: f"data.columns.{field}" for field, column in names.items()})
    df = df.reset_index(drop=True)
    mechanism = _mechanism(df, path, names["mechanism"], mechanisms)
    wanted = sorted({d for m in set(mechanism) for d in descriptors[m]})
    _require(path, df, {column: "descriptor of a saved model" for column in wanted})
    _numbers(df, path, list(names.values()), [])
    values = {column: pd.Series(np.nan, index=df.index) for column in wanted}
    for m in sorted(set(mechanism)):  # a row needs only the descriptors its mechanism reads
        found = _numbers(df[mechanism == m], path, [], descriptors[m])
        _within_float32(path, found, descriptors[m])
        for column, series in found.items():
            values[column][series.index] = series
    has_path = columns["path"] in df.columns
    return pd.DataFrame({
        "compound": df[names["compound"]].astype(str).str.strip(), "mechanism": mechanism,
        "path": df[columns["path"]].astype(str).str.strip() if has_path else "",
        **{c: values[c] for c in wanted}})


def validate_table(df, path, descriptors, columns, mechanisms, units="meV"):
    """Check the raw table; return {mechanism: frame} with canonical id columns, barriers in meV
    and descriptors."""
    if df.empty or len(df.columns) == 0:
        raise InputError(path, "whole file", "the table is empty",
                         "give a header line and one row per migration path")
    names = {field: columns[field] for field in ID_FIELDS}
    _check_reserved(path, descriptors, {**names, "uncertainty": columns.get("uncertainty")})
    _require(path, df, {**{column: f"data.columns.{field}" for field, column in names.items()},
                        **{column: "descriptor" for column in descriptors}})
    df = df.reset_index(drop=True)
    spread = _uncertainty(df, path, columns.get("uncertainty"), units)
    values = _numbers(df, path, [names["compound"], names["mechanism"], names["path"]],
                      [names["barrier"], *descriptors])
    negative = df.index[values[names["barrier"]] < 0]
    if len(negative):
        raise InputError(path, f"column '{names['barrier']}', {_lines(negative)}",
                         "negative migration barrier", "barriers are energies ≥ 0 meV; fix the sign")
    _check_barriers(path, names["barrier"], values[names["barrier"]], units)
    _within_float32(path, values, descriptors)
    values[names["barrier"]] = values[names["barrier"]] * UNITS[units]
    mechanism = _mechanism(df, path, names["mechanism"], mechanisms)
    key = [df[names["compound"]].astype(str).str.strip(), mechanism,
           df[names["path"]].astype(str).str.strip()]
    dupes = df.index[pd.DataFrame(dict(enumerate(key))).duplicated(keep=False)]
    if len(dupes):
        raise InputError(path, _lines(dupes),
                         "duplicate rows: same compound, mechanism and path id",
                         "remove the repeated row or give each path its own id")
    out = {}
    for mech in mechanisms:
        rows = df.index[mechanism == mech]
        if len(rows) == 0:
            raise InputError(path, f"column '{names['mechanism']}'", f"no rows for mechanism '{mech}'",
                             f"add its rows, or remove '{mech}' from config data.mechanisms")
        frame = pd.DataFrame({
            "compound": key[0][rows].values,
            "path": key[2][rows].values,
            "barrier": values[names["barrier"]][rows].values,
            **({} if spread is None else {"uncertainty": spread[rows].values}),
            **{c: values[c][rows].values for c in descriptors},
        }, index=pd.Index(rows, name="row"))
        if frame["barrier"].nunique() == 1:
            raise InputError(path, f"column '{names['barrier']}' (mechanism '{mech}')",
                             f"every barrier is {frame['barrier'].iloc[0]:g} meV: nothing to "
                             "learn", "check the barrier column and data.columns.barrier")
        constant = [c for c in descriptors if frame[c].nunique() == 1]
        if constant:
            raise InputError(path, f"column(s) {', '.join(constant)} (mechanism '{mech}')",
                             "constant: a descriptor with one value carries no information",
                             "list it in config data.absent, or check the values")
        _warn_leaks(path, frame, descriptors, mech)
        out[mech] = frame
    _warn_cases(path, key[0])
    return out


LEAK = 0.99  # |ρ| with the barrier at or above which a descriptor is suspected to encode it


def _warn_leaks(path, frame, descriptors, mech):
    rho = frame[descriptors].corrwith(frame["barrier"]).abs()
    for column in rho.index[rho >= LEAK]:
        warnings.warn(f"{path}: descriptor '{column}' has |ρ| = {rho[column]:.3f} with the "
                      f"{mech} barrier over all rows: is it the barrier under another name "
                      "(leakage)? If so, list it in data.absent", InputWarning, stacklevel=2)


def _warn_cases(path, compounds):
    spellings = compounds.groupby(compounds.str.lower()).unique()
    for names in spellings[spellings.map(len) > 1]:
        warnings.warn(f"{path}: compound spelled in {len(names)} ways ({', '.join(names)}): "
                      "they count as different compounds; write one spelling", InputWarning,
                      stacklevel=2)
