"""The barrier store: one committed, gzipped JSON record per host structure and per NEB band.

A record holds its key, a content hash of everything that decides its result (the structure,
the hop, the settings, the potential's name and version), and is reused only when the key it
would be computed with is the same; a record with another key is recomputed, never read.
Records are written atomically, so a build stopped at any moment leaves only whole records.
Builds may run side by side: a build claims a record before computing it (a `.claim` file
beside it, never committed), and the others pass over it.

Layout under the store's root (`data.builder.store`):
    hosts/<potential>/<compound>.json.gz                 relaxed cell, phase and paths
    references/<potential>/<cation>.json.gz              the bcc metal's energy (E_f's mu)
    neb/<potential>/<compound>/<mechanism>_<edge>.json.gz  one band
"""

import gzip
import hashlib
import io
import json
import os
import socket
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
    """Write `record` (with its "key") atomically, gzipped."""
    packed = io.BytesIO()
    with gzip.GzipFile(fileobj=packed, mode="wb", mtime=0) as out:
        out.write(json.dumps(record, sort_keys=True, separators=(",", ":")).encode())
    replace(path, packed.getvalue())


def replace(path, data):
    """Write the bytes `data` to `path` atomically: a temporary file beside it, then a rename
    (so builds side by side, or one stopped midway, never leave a torn file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as raw:
            raw.write(data)
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide a shared store from others
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def claim_path(path):
    """The claim file of the record at `path`."""
    return Path(f"{path}.claim")


def holder(path):
    """'machine pid' of the build holding the record at `path`, or '' if none does."""
    try:
        return claim_path(path).read_text().strip()
    except FileNotFoundError:
        return ""


def _held(path):
    """Whether the process holding the record at `path` may still be computing: a process on
    another machine is trusted, one on this machine must be alive."""
    try:
        host, pid = holder(path).split()
    except ValueError:
        return False
    if host != socket.gethostname():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def claim(path):
    """Claim the record at `path` for this process: True if claimed, False if another build
    holds it. A claim left by a process that died on this machine is taken over."""
    claim = claim_path(path)
    claim.parent.mkdir(parents=True, exist_ok=True)
    # The claim appears with its holder written (a link to a finished file), so no other
    # process can read it empty and take it for a dead build's.
    handle, draft = tempfile.mkstemp(dir=claim.parent, prefix=".", suffix=".claim")
    try:
        with os.fdopen(handle, "w") as out:
            out.write(f"{socket.gethostname()} {os.getpid()}")
        os.chmod(draft, 0o644)  # as before: other users' builds read who holds a record
        for _ in range(2):
            try:
                os.link(draft, claim)
                return True
            except FileExistsError:
                if _held(path):
                    return False
                claim.unlink(missing_ok=True)
        return False
    finally:
        os.unlink(draft)


def release(path):
    """Drop this process's claim on the record at `path`."""
    claim_path(path).unlink(missing_ok=True)
