from itertools import combinations, pairwise
from math import comb

import pytest

from barrierml.search.subsets import chunk_range, count, rank_of, unrank


def test_round_trip_every_rank_of_ten_features():
    p = 10
    seen = set()
    for rank in range(2**p - 1):
        members = unrank(rank, p)
        assert members == sorted(members) and len(set(members)) == len(members)
        assert rank_of(members, p) == rank
        seen.add(tuple(members))
    assert seen == {c for n in range(1, p + 1) for c in combinations(range(p), n)}


def test_sizes_come_in_increasing_order_so_a_cap_is_a_prefix():
    p = 12
    for k in range(1, p + 1):
        assert count(p, k) == sum(comb(p, n) for n in range(1, k + 1))
        assert len(unrank(count(p, k) - 1, p)) == k
        if k < p:
            assert len(unrank(count(p, k), p)) == k + 1
    assert count(20) == 1_048_575


def test_rank_errors():
    with pytest.raises(ValueError):
        unrank(2**5 - 1, 5)
    with pytest.raises(ValueError):
        rank_of([], 5)
    with pytest.raises(ValueError):
        rank_of([1, 1], 5)


@pytest.mark.parametrize("total,chunks", [(1_048_575, 64), (7, 3), (5, 8), (1350, 4)])
def test_chunks_partition_the_rank_range(total, chunks):
    ranges = [chunk_range(i, chunks, total) for i in range(chunks)]
    assert ranges[0][0] == 0 and ranges[-1][1] == total
    assert all(a[1] == b[0] for a, b in pairwise(ranges))
    sizes = [b - a for a, b in ranges]
    assert max(sizes) - min(sizes) <= 1
