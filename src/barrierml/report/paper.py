"""The published figures of Kim & Siegel, J. Mater. Chem. A (2022), and a table that sets this
run's results beside them, each with the kind of score it is."""

import pandas as pd

PAPER_KIND = "new path (one path-level test set; optimum = argmin of ~10^6 test scores)"
# Section 'Model selection', 'Feature subset evaluation' and Fig. 7 of the paper.
PUBLISHED = {
    "vacancy": {"all_rmse": 86, "n": 5, "optimum_rmse": 71,
                "subset": ["CCD", "PW", "alpha_F", "alpha_O", "BC_O"],
                "mdi": {"CCD": 42, "PW": 28, "alpha_F": 11, "alpha_O": 10, "BC_O": 9}},
    "interstitial": {"all_rmse": 55, "n": 3, "optimum_rmse": 46,
                     "subset": ["PW", "E_f", "I_C_Ch"],
                     "mdi": {"PW": 49, "E_f": 35, "I_C_Ch": 16}},
}


def _shares(table):
    method = "MDI" if "MDI" in table else "SHAP"
    ordered = table.sort_values(method, ascending=False)
    return ", ".join(f"{f} {100 * v:.0f}%" for f, v in zip(ordered["feature"], ordered[method])) \
        + ("" if method == "MDI" else " (SHAP; the model has no MDI)")


def _models(verdict, chosen):
    """The algorithms the repeats used, most frequent first ('svr_rbf ×8, extra_trees ×2')."""
    models = verdict.get("models") or {str(chosen["algorithm"]): verdict["repeats"]}
    return ", ".join(f"{name} ×{count}" for name, count in
                     sorted(models.items(), key=lambda item: (-item[1], item[0])))


def comparison(mechanism, selection, final, verdict, importance, evaluation, law=None):
    """Rows (mechanism, quantity, paper, paper_kind, this_run, this_run_kind) for one mechanism;
    a mechanism the paper does not have gets this run's values only; `law` is the mechanism's
    law.json, if the law stage ran."""
    paper = PUBLISHED.get(mechanism, {})
    chosen = selection[(selection["mechanism"] == mechanism) & selection["chosen"]].iloc[0]
    kind = str(chosen["score_kind"])
    scope = evaluation.set_index("scope")
    rows = [
        ("test RMSE, all retained descriptors (meV)", paper.get("all_rmse"),
         round(float(chosen["test_rmse"]), 1), f"{kind} (primary split)"),
        ("selected subset size n", paper.get("n"), len(final["features"]),
         "consensus over repeats (1-SE rule)" if verdict["score"] == "cv_rmse" else "argmin"),
        ("selected subset", ", ".join(paper.get("subset", [])), ", ".join(final["features"]), ""),
        ("test RMSE, selected subset (meV)", paper.get("optimum_rmse"),
         round(final["test_rmse"], 1), f"{final['test_kind']} (primary split)"),
        ("held-out RMSE over repeats (meV)", None,
         round(float(scope.loc["new_compound", "model_rmse"]), 1), "new compound"),
        ("held-out RMSE over repeats (meV)", None,
         round(float(scope.loc["new_path", "model_rmse"]), 1), "new path"),
        ("predict the training mean (meV)", None,
         round(float(scope.loc["new_compound", "mean_baseline_rmse"]), 1), "new compound"),
        ("importance shares", ", ".join(f"{k} {v}%" for k, v in paper.get("mdi", {}).items()),
         _shares(importance), "training rows"),
        ("model of the repeats", None, _models(verdict, chosen),
         "tuned inside each repeat's training compounds" if verdict.get("nested")
         else "one tuning on the primary split"),
        ("skill verdict", None, "skill" if verdict["skill"] else "NO SKILL", verdict["reason"]),
    ]
    if law is not None:
        judged = (f"{'skill' if law['skill'] else 'NO SKILL'}: "
                  f"{law['scope'].replace('_', ' ')} RMSE {law['new_compound_rmse']:.1f} ± "
                  f"{law['new_compound_rmse_sd']:.1f} meV over repeats; {law['reason']}")
        rows.append(("barrier law", None, law["formula"], judged))
    return pd.DataFrame([{"mechanism": mechanism, "quantity": q,
                          "paper": "" if p is None else p,
                          "paper_kind": PAPER_KIND if p is not None else "",
                          "this_run": t, "this_run_kind": k} for q, p, t, k in rows])
