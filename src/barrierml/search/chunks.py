"""Chunk files of the search: numpy's .npz (a zip with checksums, so a damaged file fails to
load rather than read short), written under a temporary name and renamed when complete."""

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd


def write_chunk(frame, out):
    """Write a frame's columns to `out` atomically: an interrupted job never leaves `out`."""
    partial = Path(f"{out}.partial")
    arrays = {column: frame[column].to_numpy() for column in frame.columns}
    arrays = {k: v.astype(str) if v.dtype == object else v for k, v in arrays.items()}  # no pickle
    with open(partial, "wb") as handle:  # a handle: numpy adds no .npz suffix
        np.savez(handle, **arrays)
    partial.replace(out)


def read_chunk(path):
    """The frame of a chunk file; a damaged file names itself and the fix."""
    try:
        with np.load(path, allow_pickle=False) as arrays:
            return pd.DataFrame({name: arrays[name] for name in arrays.files})
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as err:
        raise ValueError(f"{path}: unreadable chunk file ({err}). Fix: delete it and run "
                         "Snakemake again; it recomputes that chunk only") from None
