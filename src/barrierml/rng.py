"""Seeds derived from (global seed, purpose, index...), independent of execution order or chunking."""

import zlib

import numpy as np


def _word(key):
    return zlib.crc32(key.encode()) if isinstance(key, str) else int(key)


def derive(seed, *keys):
    """A 31-bit integer seed for the stream named by `keys` under the global `seed`."""
    state = np.random.SeedSequence([int(seed), *(_word(k) for k in keys)]).generate_state(1)
    return int(state[0] & 0x7FFFFFFF)


def generator(seed, *keys):
    """A numpy Generator for the stream named by `keys`."""
    return np.random.default_rng(derive(seed, *keys))
