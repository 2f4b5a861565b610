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


def test_a_narrow_beam_scores_one_extension_per_step_and_keeps_the_best():
    p, k, width = 8, 2, 3
    score = _interacting(p)
    start = sorted((rank_of(s, p) for s in itertools.combinations(range(p), k)),
                   key=lambda r: (score(unrank(r, p)), r))
    calls = []

    def scorer(ranks):
        calls.append(ranks)
        return [score(unrank(r, p)) for r in ranks]

    scored = beam(scorer, p, start, width, 5)
    assert [len(unrank(c[0], p)) for c in calls] == [3, 4, 5]  # one batch per size, to max_size
    frontier = [unrank(r, p) for r in start[:width]]
    for batch in calls:  # each batch: every one-feature extension of the previous best `width`
        assert set(batch) == {rank_of([*m, f], p) for m in frontier for f in range(p)
                              if f not in m}
        frontier = [unrank(r, p) for r in sorted(batch, key=lambda r: (scored[r], r))[:width]]
