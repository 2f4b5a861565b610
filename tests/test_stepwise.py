"""The large-p mode: which search runs for a budget, and the beam's reach."""

import itertools
from math import comb

import pytest

from barrierml.search.stepwise import beam, exhaustive_to, plan
from barrierml.search.subsets import rank_of, unrank


def test_the_budget_decides_the_mode_and_says_why():
    assert plan(13, None, 2**22, 50)["mode"] == "exhaustive"
    large = plan(30, None, 2**22, 50)
    k = max(n for n in range(1, 31) if sum(comb(30, m) for m in range(1, n + 1)) <= 2**22)
    assert large["mode"] == "stepwise" and large["exhaustive_to"] == k
    assert "exceed search.budget" in large["why"] and "50 best" in large["why"]
    assert plan(30, 4, 2**22, 50)["mode"] == "exhaustive"  # max_size keeps it within budget
    with pytest.raises(ValueError, match="search.budget"):
        exhaustive_to(30, None, 20)


def _interacting(p):
    """A score with pairwise interactions (lower is better), so greedy growth can go wrong."""
    weights = [((7 * f) % p - p / 2) / p for f in range(p)]

    def score(members):
        value = sum(weights[f] for f in members)
        value += sum(0.3 * ((a * b) % 5 - 2) / 5 for a, b in itertools.combinations(members, 2))
        return value
    return score


def test_a_beam_as_wide_as_the_largest_size_scores_every_larger_subset():
    p, k = 7, 2
    score = _interacting(p)
    start = [rank_of(s, p) for s in itertools.combinations(range(p), k)]
    width = max(comb(p, n) for n in range(p + 1))
    scored = beam(lambda ranks: [score(unrank(r, p)) for r in ranks], p, start, width, p)
    assert set(scored) == {rank_of(s, p) for n in range(k + 1, p + 1)
                           for s in itertools.combinations(range(p), n)}


def test_a_narrow_beam_extends_then_swaps_and_keeps_the_best():
    p, k, width = 8, 2, 3
    score = _interacting(p)
    start = sorted((rank_of(s, p) for s in itertools.combinations(range(p), k)),
                   key=lambda r: (score(unrank(r, p)), r))
    calls = []

    def scorer(ranks):
        calls.append(ranks)
        return [score(unrank(r, p)) for r in ranks]

    scored = beam(scorer, p, start, width, 5)
    sizes = [len(unrank(c[0], p)) for c in calls]
    assert sizes == sorted(sizes) and set(sizes) == {3, 4, 5}  # only sizes k+1..max_size
    assert len(set().union(*calls)) == sum(map(len, calls))  # no subset is scored twice

    def best(ranks):
        return [unrank(r, p) for r in sorted(ranks, key=lambda r: (scored[r], r))[:width]]

    frontier = [unrank(r, p) for r in start[:width]]
    for size in (3, 4, 5):
        extensions = {rank_of([*m, f], p) for m in frontier for f in range(p) if f not in m}
        kept = best(extensions)
        swaps = {rank_of([*(x for x in m if x != out), f], p) for m in kept for out in m
                 for f in range(p) if f not in m}
        assert {r for c in calls if len(unrank(c[0], p)) == size for r in c} == extensions | swaps
        frontier = best(extensions | swaps)


def test_swaps_recover_what_greedy_growth_misses():
    """A pair that only pays together: growth from the best singles never adds it, a swap does."""
    p = 6

    def score(members):
        value = -0.1 * len(members)
        if {4, 5} <= set(members):
            value -= 1.0
        return value + sum(0.01 * f for f in members if f < 4) - 0.05 * (0 in members)

    start = [rank_of([0], p)]
    scored = beam(lambda ranks: [score(unrank(r, p)) for r in ranks], p, start, 1, 2)
    assert rank_of([4, 5], p) in scored  # every extension of the start holds 0
