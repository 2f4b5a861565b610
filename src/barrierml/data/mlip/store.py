"""The barrier store: one committed, gzipped JSON record per host structure and per NEB band.

A record holds its key, a content hash of everything that decides its result (the structure,
the hop, the settings, the potential's name and version), and is reused only when the key it
would be computed with is the same; a record with another key is recomputed, never read.
Records are written atomically, so a build stopped at any moment leaves only whole records.

Layout under the store's root (`data.builder.store`):
    hosts/<potential>/<compound>.json.gz                 relaxed cell, phase and paths
    references/<potential>/<cation>.json.gz              the bcc metal's energy (E_f's mu)
    neb/<potential>/<compound>/<mechanism>_<edge>.json.gz  one band
"""

import gzip
import hashlib
import json
import os
import tempfile
from pathlib import Path

import numpy as np


def structure_fields(atoms):
    """What identifies a structure: species, cell and positions rounded to 1e-6 Å."""
    return {"numbers": [int(n) for n in atoms.numbers],
            "cell": np.round(atoms.cell[:], 6).tolist(),
            "positions": np.round(atoms.positions, 6).tolist()}


def key(fields):
    """The content hash of a record's inputs (canonical JSON, SHA-256, 20 hex digits)."""
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def host_path(root, potential, compound):
    return Path(root) / "hosts" / potential / f"{compound}.json.gz"


def reference_path(root, potential, cation):
    return Path(root) / "references" / potential / f"{cation}.json.gz"


def band_path(root, potential, compound, mechanism, edge):
    return Path(root) / "neb" / potential / compound / f"{mechanism}_{edge}.json.gz"


def read(path):
    with gzip.open(path, "rt") as handle:
        return json.load(handle)


def lookup(path, wanted):
    """The record at `path` if it exists and its key is `wanted`, else None."""
    path = Path(path)
    if not path.exists():
        return None
    record = read(path)
    return record if record.get("key") == wanted else None


def write(path, record):
    """Write `record` (with its "key") atomically: a temporary file beside it, then a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(record, sort_keys=True, separators=(",", ":")).encode()
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb",
                                                           mtime=0) as packed:
            packed.write(text)
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide a shared store from others
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
