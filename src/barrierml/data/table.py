"""Load the long descriptor table (CSV or Excel) and validate it before anything is computed."""

import difflib
from pathlib import Path

import numpy as np
import pandas as pd

from barrierml.errors import InputError

ID_FIELDS = ("compound", "mechanism", "path", "barrier")


def read_table(path, sheet=None):
    """Read a CSV or Excel table as text-preserving columns; errors name the file."""
    path = Path(path)
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


def _require(path, df, column, role):
    if column in df.columns:
        return
    near = difflib.get_close_matches(column, list(df.columns), n=1, cutoff=0.6)
    hint = f" The table has '{near[0]}': rename it to '{column}'" if near else ""
    raise InputError(path, f"column '{column}'", f"missing ({role})",
                     (hint.strip() + ", or" if hint else "add the column, or")
                     + " set the name in config data.columns / list it in data.absent")


def validate_table(df, path, descriptors, columns, mechanisms):
    """Check the raw table; return {mechanism: frame} with canonical id columns and descriptors."""
    if df.empty or len(df.columns) == 0:
        raise InputError(path, "whole file", "the table is empty",
                         "give a header line and one row per migration path")
    names = {field: columns[field] for field in ID_FIELDS}
    for field, column in names.items():
        _require(path, df, column, f"the {field} column, config data.columns.{field}")
    for column in descriptors:
        _require(path, df, column, "a descriptor of the catalogue")
    df = df.reset_index(drop=True)
    numeric = [names["barrier"], *descriptors]
    for column in [names["compound"], names["mechanism"], names["path"], *numeric]:
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
    negative = df.index[values[names["barrier"]] < 0]
    if len(negative):
        raise InputError(path, f"column '{names['barrier']}', {_lines(negative)}",
                         "negative migration barrier", "barriers are energies ≥ 0 meV; fix the sign")
    mechanism = df[names["mechanism"]].astype(str).str.strip()
    unknown = df.index[~mechanism.isin(mechanisms)]
    if len(unknown):
        raise InputError(path, f"column '{names['mechanism']}', {_lines(unknown)}",
                         f"unknown mechanism {mechanism[unknown[0]]!r}",
                         f"use one of {', '.join(mechanisms)} or add it to config data.mechanisms")
    key = [df[names["compound"]].astype(str).str.strip(), mechanism,
           df[names["path"]].astype(str).str.strip()]
    dupes = df.index[pd.DataFrame(key).T.duplicated(keep=False)]
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
            **{c: values[c][rows].values for c in descriptors},
        }, index=pd.Index(rows, name="row"))
        constant = [c for c in descriptors if frame[c].nunique() == 1]
        if constant:
            raise InputError(path, f"column(s) {', '.join(constant)} (mechanism '{mech}')",
                             "constant: a descriptor with one value carries no information",
                             "list it in config data.absent, or check the values")
        out[mech] = frame
    return out
