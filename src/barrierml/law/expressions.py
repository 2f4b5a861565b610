"""Expressions of descriptors as JSON trees, and the feature space of a law.

A tree is a descriptor's column name, or [op, argument(s)...] with op one of OPS. Trees are
evaluated by a fixed table of numpy functions, never by eval, so a law file can hold data only.
The feature space holds every expression of at most `max_complexity` operations whose units are
consistent (a sum or difference only of like units; log and exp only of dimensionless
quantities) and which is finite and not constant on every row; of numerically equal features
(up to scale and shift, which a linear law absorbs) the first built, the simplest, is kept.
"""

import numpy as np

from barrierml.law.units import multiply, scale

UNARY = {"square": np.square, "sqrt": np.sqrt, "log": np.log, "exp": np.exp,
         "inv": lambda a: 1.0 / a}
BINARY = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.divide}
OPS = {**UNARY, **BINARY}
SYMBOL = {"add": "+", "sub": "-", "mul": "*", "div": "/"}
LARGEST = 1e12  # a feature beyond this on some row is dropped (a law fit would be ill-posed)


def evaluate(tree, columns):
    """Values of `tree` on `columns` (name -> array); NaN or inf where it is undefined."""
    if isinstance(tree, str):
        return np.asarray(columns[tree], dtype=float)
    if not isinstance(tree, list) or not tree or tree[0] not in OPS:
        raise ValueError(f"not an expression tree: {tree!r}")
    op, *args = tree
    if len(args) != (1 if op in UNARY else 2):
        raise ValueError(f"{op} takes {1 if op in UNARY else 2} argument(s), not {len(args)}")
    with np.errstate(all="ignore"):
        return OPS[op](*(evaluate(a, columns) for a in args))


def check(tree, depth=0):
    """The descriptors of a tree that holds nothing but descriptor names and known operations
    with their number of arguments; ValueError otherwise."""
    if isinstance(tree, str):
        return [tree]
    if (depth > 8 or not isinstance(tree, list) or not tree or tree[0] not in OPS
            or len(tree) != (2 if tree[0] in UNARY else 3)):
        raise ValueError(f"not an expression tree: {str(tree)[:80]}")
    return [d for a in tree[1:] for d in check(a, depth + 1)]


def formula(tree):
    """Readable text: 'sqrt(alpha_O) * PW', '(V_a - V_octa)^2'."""
    if isinstance(tree, str):
        return tree
    op, *args = tree
    inner = [formula(a) if isinstance(a, str) or a[0] not in BINARY else f"({formula(a)})"
             for a in args]
    if op in BINARY:
        return f"{inner[0]} {SYMBOL[op]} {inner[1]}"
    if op == "square":
        return f"{inner[0]}^2"
    if op == "inv":
        return f"1 / {inner[0]}"
    return f"{op}({formula(args[0])})"


def descriptors(tree):
    """The descriptors a tree uses, in first-use order."""
    if isinstance(tree, str):
        return [tree]
    return list(dict.fromkeys(d for a in tree[1:] for d in descriptors(a)))


def unit_of(tree, units):
    """The unit of `tree` given each descriptor's, or None if the units do not match."""
    if isinstance(tree, str):
        return units[tree]
    op, *args = tree
    inner = [unit_of(a, units) for a in args]
    if any(u is None for u in inner):
        return None
    if op in ("add", "sub"):
        return inner[0] if inner[0] == inner[1] else None
    if op in ("log", "exp"):
        return {} if not inner[0] else None
    return {"mul": lambda: multiply(*inner), "div": lambda: multiply(inner[0], inner[1], -1),
            "square": lambda: scale(inner[0], 2), "sqrt": lambda: scale(inner[0], 0.5),
            "inv": lambda: scale(inner[0], -1)}[op]()


def _key(values):
    """What makes two features the same to a linear law: equal after standardising, up to sign."""
    z = (values - values.mean()) / values.std()
    z = np.round(z * np.sign(z[np.flatnonzero(np.abs(z) > 1e-9)[0]]), 8) + 0.0
    return z.tobytes()


def feature_space(columns, units, max_complexity):
    """(trees, values n x m, units) of every valid feature of up to `max_complexity`
    operations over the descriptors `columns` (name -> values on every row); `units` maps each
    descriptor to its parsed unit."""
    trees, values, found, seen = [], [], [], set()
    levels = [[] for _ in range(max_complexity + 1)]

    def add(tree, level):
        unit = unit_of(tree, units)
        if unit is None:
            return
        v = evaluate(tree, columns)
        top = np.abs(v).max()
        if not np.isfinite(top) or top > LARGEST or v.std() <= 1e-9 * top:
            return
        key = _key(v)
        if key in seen:
            return
        seen.add(key)
        trees.append(tree)
        values.append(v)
        found.append(unit)
        levels[level].append(tree)

    for name in columns:
        add(name, 0)
    for level in range(1, max_complexity + 1):
        for tree in levels[level - 1]:
            for op in UNARY:
                add([op, tree], level)
        for left in range(level):
            right = level - 1 - left
            if left > right:
                break
            for i, a in enumerate(levels[left]):
                for j, b in enumerate(levels[right]):
                    if left == right and j <= i:
                        continue
                    for op in ("add", "mul"):
                        add([op, a, b], level)
                    for op in ("sub", "div"):
                        add([op, a, b], level)
                        add([op, b, a], level)
    return trees, np.column_stack(values), found
