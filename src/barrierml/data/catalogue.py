"""The descriptor catalogue (data/descriptors.yaml) plus a user's extra descriptors."""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from barrierml.errors import InputError

FIELDS = ("column", "symbol", "category", "unit", "definition")
SAFE_NAME = r"[A-Za-z0-9_-]+"


@dataclass(frozen=True)
class Descriptor:
    column: str
    symbol: str
    category: str
    unit: str
    definition: str


def load_catalogue(path, extra=()):
    """Descriptors of the catalogue file, then the config's extra ones, in that order."""
    path = Path(path)
    try:
        entries = yaml.safe_load(path.read_text())["descriptors"]
    except (OSError, KeyError, TypeError, yaml.YAMLError) as err:
        raise InputError(path, "whole file", f"cannot read a 'descriptors:' list ({err})",
                         "restore data/descriptors.yaml or point data.catalogue at a valid one")
    out = []
    for source, items in ((path, entries), ("config data.extra_descriptors", list(extra))):
        for i, item in enumerate(items):
            missing = [f for f in FIELDS if f not in item]
            if missing:
                raise InputError(source, f"entry {i + 1} ({item.get('column', '?')})",
                                 f"missing field(s) {', '.join(missing)}",
                                 f"give each descriptor all of: {', '.join(FIELDS)}")
            descriptor = Descriptor(*(str(item[f]) for f in FIELDS))
            if not re.fullmatch(SAFE_NAME, descriptor.column):
                raise InputError(source, f"entry {i + 1} ({descriptor.column!r})",
                                 "a descriptor column name may hold only letters, digits, '_' "
                                 "and '-' (it names files and joins subsets)",
                                 "rename the column (data.rename maps a table header onto it)")
            out.append(descriptor)
    columns = [d.column for d in out]
    dupes = sorted({c for c in columns if columns.count(c) > 1})
    if dupes:
        raise InputError(path, f"descriptor(s) {', '.join(dupes)}", "declared more than once",
                         "declare each descriptor column once (catalogue or extra_descriptors)")
    return out


def symbols(catalogue):
    """Column name -> the paper's symbol, for axis labels."""
    return {d.column: d.symbol for d in catalogue}


def axis_labels(catalogue):
    """Column name -> 'symbol (unit)' (the symbol alone for a dimensionless descriptor)."""
    return {d.column: d.symbol if d.unit in ("", "1", "-") else f"{d.symbol} ({d.unit})"
            for d in catalogue}
