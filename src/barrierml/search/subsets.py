"""Subset rank <-> feature set: sizes in increasing order, colex order within a size.

Rank 0 is the first single feature, and the ranks of all subsets of size <= k form the prefix
[0, count(p, k)), so capping the subset size just shortens the rank range.
"""

from math import comb


def count(p, max_size=None):
    """Number of non-empty subsets of p features with at most max_size members."""
    top = p if max_size is None else min(max_size, p)
    return sum(comb(p, n) for n in range(1, top + 1))


def unrank(rank, p):
    """The sorted feature indices of subset `rank` among p features."""
    if not 0 <= rank < 2**p - 1:
        raise ValueError(f"rank {rank} outside [0, {2**p - 1}) for {p} features")
    size = 1
    while rank >= comb(p, size):
        rank -= comb(p, size)
        size += 1
    members = []
    for i in range(size, 0, -1):
        c = i - 1
        while comb(c + 1, i) <= rank:
            c += 1
        members.append(c)
        rank -= comb(c, i)
    return members[::-1]


def rank_of(members, p):
    """Inverse of unrank: the rank of the subset with these feature indices."""
    members = sorted(members)
    if not members or len(set(members)) != len(members) or members[-1] >= p or members[0] < 0:
        raise ValueError(f"{members} is not a non-empty subset of {p} features")
    offset = count(p, len(members) - 1) if len(members) > 1 else 0
    return offset + sum(comb(c, i) for i, c in enumerate(members, start=1))


def chunk_range(index, n_chunks, total):
    """Rank range [start, stop) of chunk `index` (0-based) when `total` ranks go into n_chunks."""
    if not 0 <= index < n_chunks:
        raise ValueError(f"chunk {index} outside 0..{n_chunks - 1}")
    return index * total // n_chunks, (index + 1) * total // n_chunks
