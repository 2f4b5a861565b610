"""From a checked config to validated per-mechanism tables: the one entry point of the data stage."""

import hashlib
from pathlib import Path

import pandas as pd
import yaml

from barrierml.config import check_inert
from barrierml.data.catalogue import load_catalogue
from barrierml.data.mlip.facts import facts as built_facts
from barrierml.data.table import check_headers, read_table, validate_table
from barrierml.errors import InputError


def descriptor_columns(catalogue, absent):
    """Catalogue columns the table must have: all but those declared absent."""
    known = [d.column for d in catalogue]
    unknown = [a for a in absent if a not in known]
    if unknown:
        raise InputError("config data.absent", ", ".join(unknown), "not in the descriptor catalogue",
                         f"list only catalogue columns ({', '.join(known[:6])}, ...)")
    return [c for c in known if c not in absent]


def rename_columns(df, path, rename, known):
    """Apply config data.rename ({table header: catalogue column}), e.g. the paper's symbols."""
    for header, column in rename.items():
        if header not in df.columns:
            raise InputError(path, f"column '{header}'", "named in config data.rename but missing",
                             "fix the header in data.rename, or remove the entry")
        if column not in known:
            raise InputError("config data.rename", f"'{header}': '{column}'",
                             "the target is not a catalogue column",
                             f"map to a catalogue column ({', '.join(known[:6])}, ...)")
        if column in df.columns and column not in rename:
            raise InputError(path, f"column '{header}'", f"config data.rename maps it to "
                             f"'{column}', which the table already has",
                             f"remove the data.rename entry, or rename the table's own "
                             f"'{column}' (or map it elsewhere in data.rename)")
    targets = list(rename.values())
    twice = sorted({c for c in targets if targets.count(c) > 1})
    if twice:
        raise InputError("config data.rename", f"target '{twice[0]}'",
                         "two table headers are mapped to it",
                         "map each header to a different catalogue column")
    df = df.rename(columns=rename)
    check_headers(df, path)
    return df


FACTS = ("absent", "mlip", "label", "geometry")
# geometry: {mechanism: potential} whose relaxed host gives that mechanism's geometry and E_f
# (predict --compositions computes new rows alike); empty: the builder's host potential
DEFAULT_FACTS = {"absent": [], "mlip": False, "label": "", "geometry": {}}


def facts_path(table):
    """The facts file beside a table: antiperovskites.csv -> antiperovskites.facts.yaml."""
    return Path(table).with_suffix(".facts.yaml")


def resolve_facts(data_config):
    """The `data` section with absent/mlip/label left null filled from what the table is: the
    builder's facts (data.build), else the facts file beside the table, else none."""
    if data_config["build"]:
        found = built_facts()
    elif facts_path(data_config["table"]).is_file():
        found = yaml.safe_load(facts_path(data_config["table"]).read_text()) or {}
    else:
        found = {}
    check_inert(found, facts_path(data_config["table"]))
    return {**data_config, **{key: found.get(key, DEFAULT_FACTS[key]) for key in FACTS
                              if data_config.get(key) is None}}


def load_inputs(data_config):
    """Catalogue, descriptor columns and {mechanism: frame} for the config's `data` section
    (its facts resolved)."""
    catalogue = load_catalogue(data_config["catalogue"], data_config["extra_descriptors"])
    descriptors = descriptor_columns(catalogue, data_config["absent"])
    raw = rename_columns(read_table(data_config["table"], data_config["sheet"]),
                         data_config["table"], data_config["rename"],
                         [d.column for d in catalogue])
    try:
        tables = validate_table(raw, data_config["table"], descriptors, data_config["columns"],
                                data_config["mechanisms"], data_config["units"])
    except InputError as err:
        excel = str(data_config["table"]).lower().endswith((".xlsx", ".xlsm", ".xls"))
        if excel and data_config["sheet"] is None and err.problem.startswith("missing"):
            raise InputError(err.source, err.where, err.problem + " in the workbook's first sheet",
                             "set data.sheet to the sheet that holds the table, or "
                             + err.fix) from None
        raise
    return catalogue, descriptors, tables


def fingerprint(frame):
    """A short digest of a validated frame's column names, index and values: equal digests,
    equal tables (pandas' vectorised row hashes: a 100,000-row table in ~0.1 s, where writing
    it as CSV took ~1 s per mechanism at every Snakemake start)."""
    digest = hashlib.sha256("\x1f".join(map(str, frame.columns)).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    return digest.hexdigest()[:16]
