"""Search past ~22 descriptors: exhaustive up to the largest size a budget allows, then a beam.

Exhaustive search costs 2^p - 1 subsets. When that exceeds `search.budget`, every subset of
size <= k is still scored exactly (k: the largest size whose subsets fit the budget), and a
floating beam search continues from the `width` best subsets of size k: each step scores every
one-feature extension of the beam, keeps the `width` best, then scores every one-for-one swap
of a kept subset's descriptors and keeps the `width` best of all, up to the largest size. Scores
are the search's own (same model, same per-subset seeds), so a subset both routes reach gets
the same score.
"""

from barrierml.search.subsets import count, rank_of, unrank


def exhaustive_to(p, max_size, budget):
    """The largest subset size whose subsets (all sizes up to it) fit `budget`, at most the
    search's largest size."""
    top = p if max_size is None else min(max_size, p)
    k = max([n for n in range(1, top + 1) if count(p, n) <= budget], default=0)
    if k == 0:
        raise ValueError(f"search.budget {budget:,} is below the {p} single-descriptor subsets: "
                         f"raise it to at least {p}")
    return k


def plan(p, max_size, budget, width):
    """Which search runs for p descriptors, and why: a dict for selection.json and final.json."""
    top = p if max_size is None else min(max_size, p)
    k = exhaustive_to(p, max_size, budget)
    if k == top:
        return {"mode": "exhaustive", "exhaustive_to": k, "max_size": top,
                "why": f"all {count(p, top):,} subsets of up to {top} of {p} descriptors fit "
                       f"search.budget ({budget:,})"}
    return {"mode": "stepwise", "exhaustive_to": k, "max_size": top, "beam_width": width,
            "why": f"{count(p, top):,} subsets of up to {top} of {p} descriptors exceed "
                   f"search.budget ({budget:,}): every subset of up to {k} descriptors "
                   f"({count(p, k):,}) is scored, then a beam keeps the {width} best of each "
                   f"larger size, grown one descriptor at a time and refined by one-for-one "
                   f"swaps, up to {top}"}


def beam(score, p, start, width, top):
    """{rank: score} of every subset the beam scores. `start`: ranks of one size, best first;
    `score(ranks)` returns their scores (lower is better); ties go to the lower rank."""
    frontier = [unrank(r, p) for r in start[:width]]
    scored = {}
    if not frontier:
        return scored

    def keep(candidates):
        new = [r for r in candidates if r not in scored]
        if new:
            scored.update(zip(new, score(new), strict=True))
        return [unrank(r, p) for r in sorted(candidates, key=lambda r: (scored[r], r))[:width]]

    for _ in range(len(frontier[0]) + 1, top + 1):
        frontier = keep(sorted({rank_of([*members, f], p) for members in frontier
                                for f in range(p) if f not in members}))
        swaps = {rank_of([*(m for m in members if m != out), f], p) for members in frontier
                 for out in members for f in range(p) if f not in members}
        frontier = keep(sorted(swaps | {rank_of(members, p) for members in frontier}))
    return scored
