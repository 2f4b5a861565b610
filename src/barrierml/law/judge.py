"""A barrier law judged like the search: chosen by grouped CV inside each repeat's training
compounds (1-SE rule on the number of terms), scored on that repeat's held-out compounds, its
terms counted over the repeats, and the same skill verdict against the mean and the null."""

from pathlib import Path

import numpy as np
import pandas as pd

from barrierml.law import expressions, sisso
from barrierml.law.units import multiply, parse, text
from barrierml.search.replicates import parse as parse_replicate
from barrierml.search.replicates import replicate_barriers
from barrierml.search.stability import evaluation
from barrierml.search.stability import verdict as stability_verdict
from barrierml.tune.grid import rmse


def space(table, retained, catalogue_units, max_complexity):
    """(trees, values on every row, units) of the law's features over the retained
    descriptors (descriptors only: no barrier is read)."""
    columns = {d: table[d].to_numpy(dtype=float) for d in retained}
    units = {d: parse(catalogue_units.get(d, "")) for d in retained}
    return expressions.feature_space(columns, units, max_complexity)


def replicate_law(V, y, train, test, folds, settings):
    """One replicate: CV per number of terms inside the training rows, the 1-SE choice, the
    laws of every size fitted on the training rows, and each one's held-out RMSE."""
    scores = sisso.cross_validate(V[train], y[train], folds, settings["max_terms"],
                                  settings["screened"])
    laws = sisso.fit(V[train], y[train], settings["max_terms"], settings["screened"])
    return {"chosen": min(sisso.one_se(scores), len(laws)), "laws": laws, "cv": scores,
            "test_rmse": [rmse(y[test], sisso.predict(V[test], law)) for law in laws],
            "baseline_rmse": rmse(y[test], np.full(test.sum(), y[train].mean()))}


def rows_of(table, split, repeat):
    """(train, test) masks over the table's rows for one repeat of the split file's frame."""
    own = split[split["repeat"] == repeat]
    where = table.index.get_indexer(own["row"])
    masks = []
    for kind in ("train", "test"):
        mask = np.zeros(len(table), bool)
        mask[where[(own["set"] == kind).to_numpy()]] = True
        masks.append(mask)
    return tuple(masks)


def run(table, split, replicates, V, seed, splits, settings):
    """{replicate: replicate_law} over the real and null replicates (the null ones learn
    barriers permuted across compounds); `split` is the split file's frame."""
    out = {}
    for replicate in replicates:
        y = replicate_barriers(table, replicate, splits, seed)
        repeat = parse_replicate(replicate, splits)["split"]
        train, test = rows_of(table, split, repeat)
        own = split[split["repeat"] == repeat].set_index("row")
        folds = own.loc[table.index[train], "fold"].to_numpy()
        out[replicate] = replicate_law(V, y, train, test, folds, settings)
    return out


def describe(law, trees, units):
    """Readable parts of a law (indices, coefficients, intercept): its text, its terms, the
    descriptors it uses and each coefficient with its unit (barriers in meV)."""
    columns, coefficients, intercept = law
    terms = [expressions.formula(trees[k]) for k in columns]
    signed = " ".join(f"{'-' if c < 0 else '+'} {abs(c):.4g}·({t})"
                      for c, t in zip(coefficients, terms))
    return {"formula": f"barrier = {intercept:.4g} {signed} meV",
            "terms": terms, "trees": [trees[k] for k in columns],
            "descriptors": list(dict.fromkeys(d for k in columns
                                              for d in expressions.descriptors(trees[k]))),
            "coefficients": [float(c) for c in coefficients], "intercept": float(intercept),
            "units": [text(multiply(parse("meV"), units[k], -1)) for k in columns]}


def laws_table(results, real, primary, trees, units):
    """laws.csv: the primary replicate's best law of each size, with its CV RMSE, the held-out
    RMSE of each repeat's law of that size (mean and sd), and the share of repeats whose law of
    that size has the same terms; ranked by CV RMSE."""
    mine = results[primary]
    rows = []
    for d, law in enumerate(mine["laws"]):
        parts = describe(law, trees, units)
        same = [sorted(results[r]["laws"][d][0]) == sorted(law[0])
                for r in real if d < len(results[r]["laws"])]
        held = [results[r]["test_rmse"][d] for r in real if d < len(results[r]["laws"])]
        rows.append({"terms": d + 1, "formula": parts["formula"],
                     "features": "; ".join(parts["terms"]),
                     "coefficients": "; ".join(f"{c:.6g} {u}" for c, u in
                                               zip(parts["coefficients"], parts["units"])),
                     "intercept_meV": parts["intercept"],
                     "cv_rmse": mine["cv"][d][0], "cv_se": mine["cv"][d][1],
                     "new_compound_rmse": float(np.mean(held)),
                     "new_compound_rmse_sd": float(np.std(held, ddof=1)) if len(held) > 1
                     else np.nan,
                     "frequency": float(np.mean(same)), "chosen": d + 1 == mine["chosen"]})
    frame = pd.DataFrame(rows).sort_values("cv_rmse", kind="stable")
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame


def verdict(results, real, null, scope, min_gain):
    """The search's verdict (`search.stability.verdict`) for the law: the repeats' chosen laws
    scored by CV RMSE against the nulls', and on their held-out rows (`scope`) against
    predicting the training mean; with the law's held-out RMSE over the repeats."""
    def chosen(r, field):
        return results[r][field][results[r]["chosen"] - 1]

    scores = [{"scope": scope, "null": r in null, "model_rmse": chosen(r, "test_rmse"),
               "baseline_rmse": results[r]["baseline_rmse"]} for r in real + null]
    table = evaluation(scores)
    selections = {r: {"chosen": {"cv_rmse": chosen(r, "cv")[0]}, "score": "cv_rmse"}
                  for r in real + null}
    judged = stability_verdict([selections[r] for r in real], [selections[r] for r in null],
                               scores, table, min_gain, scope)
    row = table.set_index("scope").loc[scope]
    sd = row["model_rmse_sd"] if len(real) > 1 else float("nan")
    return {**judged, "new_compound_rmse": float(row["model_rmse"]),
            "new_compound_rmse_sd": float(sd),
            "mean_baseline_rmse": float(row["mean_baseline_rmse"]), "scope": scope}


def chosen_law(results, real, primary, trees, units, judged):
    """law.json: the primary replicate's chosen law, its verdict, and how often the repeats'
    chosen laws share it and each of its terms."""
    mine = results[primary]
    d = mine["chosen"]
    parts = describe(mine["laws"][d - 1], trees, units)
    picked = [[expressions.formula(trees[k]) for k in results[r]["laws"][
        results[r]["chosen"] - 1][0]] for r in real]
    return {**parts, "n_terms": d, "replicate": primary,
            "cv_rmse": mine["cv"][d - 1][0], "cv_se": mine["cv"][d - 1][1], **judged,
            "frequency": float(np.mean([sorted(p) == sorted(parts["terms"]) for p in picked])),
            "term_frequency": {t: float(np.mean([t in p for p in picked]))
                               for t in parts["terms"]},
            "terms_chosen": {str(n): int(sum(len(p) == n for p in picked))
                             for n in sorted({len(p) for p in picked})}}


def load_law(path):
    """A law.json checked to hold data only: expression trees of known operations over the
    descriptors it names, one coefficient per term. Raises ValueError naming what is wrong."""
    import json

    law = json.loads(Path(path).read_text())
    trees, names = law.get("trees"), law.get("descriptors")
    if not isinstance(trees, list) or not isinstance(names, list) or not trees:
        raise ValueError("no expression trees and descriptors")
    for tree in trees:
        used = expressions.check(tree)
        if not set(used) <= set(names):
            raise ValueError(f"a term uses {sorted(set(used) - set(names))}, not among its "
                             "descriptors")
    coefficients = law.get("coefficients")
    if not (isinstance(coefficients, list) and len(coefficients) == len(trees)
            and all(isinstance(c, (int, float)) for c in [*coefficients, law.get("intercept")])):
        raise ValueError("not one number per term and an intercept")
    return law


def apply(law, columns):
    """Barriers (meV) of a law on `columns` (descriptor -> values)."""
    return law["intercept"] + sum(c * expressions.evaluate(t, columns)
                                  for c, t in zip(law["coefficients"], law["trees"]))
