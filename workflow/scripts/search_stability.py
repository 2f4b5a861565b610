"""What the repeats agree on: frequencies, the consensus subset, scores per size over repeats,
held-out scores of both kinds, the skill verdict; the paper's Fig. 5, Fig. S2 and Fig. 6."""

import pandas as pd

from barrierml.data.catalogue import axis_labels, load_catalogue, symbols
from barrierml.filter import group_label, stand_ins
from barrierml.io import logged, read_frame, read_json, read_lines, write_json, write_lines
from barrierml.plots import (
    frequency_bars,
    learning_curve_plot,
    parity,
    single_bars,
    size_bars,
    verdict_panel,
)
from barrierml.search.evaluate import resolve_backend, subset_predictions
from barrierml.search.gather import best_by_size
from barrierml.search.model import chosen_model
from barrierml.search.replicates import (
    PRIMARY,
    is_null,
    parse,
    replicate_barriers,
    replicate_matrices,
)
from barrierml.search.stability import (
    by_size,
    consensus,
    evaluation,
    families,
    family_scores,
    frequencies,
    held_out,
    learning_curve,
    noise_floor,
    skill_by_scope,
    split_half,
    tied,
    uncertain,
    verdict,
)
from barrierml.search.subsets import rank_of
from barrierml.tune.grid import rmse
from barrierml.tune.registry import LABELS

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    mech, p = smk.wildcards.mechanism, smk.params
    score, seed, splits = p.rank_by, p.seed, p.splits
    retained = read_lines(smk.input.retained)
    catalogue = load_catalogue(smk.input.catalogue, p.extra)
    labels = axis_labels(catalogue)
    groups = stand_ins(pd.read_csv(smk.input.dropped))
    named = {d: group_label(d, symbols(catalogue), groups) for d in retained}
    real = [read_json(f) for f in smk.input.real]
    null = [read_json(f) for f in smk.input.null]
    tops = [pd.read_csv(f) for f in smk.input.tops]
    primary = tops[p.real.index(PRIMARY)]

    # the primary replicate's tables: the interface contract's files (the paper's Tables S1-S2)
    primary.to_csv(smk.output.top, index=False)
    primary[primary["size"] == 1].to_csv(smk.output.singles, index=False)
    best_by_size(primary, score).to_csv(smk.output.best, index=False)

    freq = frequencies(real, retained)
    chosen, reached = consensus(freq, p.min_frequency)
    unsure = uncertain(freq, p.min_frequency)
    freq["in_consensus"] = freq["descriptor"].isin(chosen)
    freq["uncertain"] = freq["descriptor"].isin(unsure)
    freq.to_csv(smk.output.frequencies, index=False)
    features = [d for d in retained if d in chosen]  # retained order: the subset's columns
    write_lines(smk.output.selected, features)
    sizes = by_size(real)
    sizes.to_csv(smk.output.sizes, index=False)
    pd.DataFrame([{"replicate": s["replicate"], "null": is_null(s["replicate"]),
                   "n": s["chosen"]["n"],
                   "features": ";".join(s["chosen"]["features"]),
                   **{k: v for k, v in s["chosen"].items() if k.endswith(("rmse", "se"))},
                   "baseline_test_rmse": s["baseline_test_rmse"]} for s in real + null]
                 ).to_csv(smk.output.selections, index=False)

    table = read_frame(smk.input.table)
    choice = read_json(smk.input.choice)  # the final model's
    nested = {c["replicate"]: c for c in map(read_json, smk.input.choices)}

    def choice_of(replicate):
        """A replicate's choice: its nested one, or the single tuning's."""
        return nested.get(replicate, choice)

    def model_of(replicate):
        """(model, backend) of a replicate's choice."""
        own = choice_of(replicate)
        return (chosen_model(own, mech, seed, parse(replicate, splits)["stream"]),
                resolve_backend(p.backend, own["algorithm"]))

    X = table[retained].to_numpy(dtype=float)
    own = "new_compound" if p.split.get("group_by") else "new_path"
    groups = families(table["compound"]) if p.families else {}
    scores = []
    for s in real + null:
        y = replicate_barriers(table, s["replicate"], splits, seed)
        model, backend = model_of(s["replicate"])
        scores += held_out(X, y, table["compound"].to_numpy(), own, s, model, backend, p.split,
                           seed, s["replicate"])
        scores += family_scores(X, y, groups, s, model, backend, s["replicate"])
    table_eval = evaluation(scores)
    table_eval.to_csv(smk.output.evaluation, index=False, float_format="%.2f")
    result = verdict(real, null, scores, table_eval, p.min_gain)
    result.update(mechanism=mech, consensus=features, consensus_reached=reached,
                  consensus_uncertain=[d for d in retained if d in unsure],
                  consensus_split_half=split_half(real, retained, p.min_frequency),
                  skill_by_scope=skill_by_scope(scores, p.min_gain),
                  repeats=len(real), nulls=len(null), score=score, nested=bool(nested),
                  models=pd.Series([choice_of(s["replicate"])["algorithm"]
                                    for s in real]).value_counts().to_dict(),
                  tied_repeats=sum(tied(t, score) for t in tops))
    if result["tied_repeats"]:
        result["reason"] += (f"; in {result['tied_repeats']} of {len(real)} repeats every subset "
                             "scored the same (the chosen model ignores the descriptors), so "
                             "which descriptors were chosen there is a tie-break, not a finding")
    write_json(smk.output.verdict, result)

    # the final model: the consensus subset, fitted on the primary split's training rows
    model = chosen_model(choice, mech, seed)
    backend = resolve_backend(p.backend, choice["algorithm"])
    rank = rank_of([retained.index(f) for f in features], len(retained))
    data = replicate_matrices(smk.input.table, smk.input.split, retained, PRIMARY, splits, seed,
                              with_folds=False)
    train_pred, test_pred = subset_predictions(data, model, rank, backend)
    kind = own.replace("_", " ")
    write_json(smk.output.final, {"features": features, "rank": rank, "retained": retained,
                                  "test_rmse": rmse(data["y_test"], test_pred),
                                  "train_rmse": rmse(data["y_train"], train_pred),
                                  "test_kind": kind, "skill": result["skill"],
                                  "search": real[p.real.index(PRIMARY)]["search"]})

    label = LABELS[choice["algorithm"]]
    flag = "" if result["skill"] else " (NO SKILL: diagnostic only)"
    # the learning curve: more compounds or better labels?
    barriers = table["barrier"].to_numpy(dtype=float)
    curve = learning_curve(X, barriers, table["compound"], table.index,
                           pd.read_csv(smk.input.split), rank,
                           [model_of(f"split{k}_seed0") for k in range(splits)], seed)
    curve.to_csv(smk.output.curve, index=False, float_format="%.2f")
    floor, floor_kind = noise_floor(table)
    learning_curve_plot(curve, floor, floor_kind, float(table_eval.set_index("scope").loc[
        own, "mean_baseline_rmse"]), smk.output.curve_figure,
        f"{mech}: new-compound error against training compounds{flag}")
    chosen_n = pd.Series([s["chosen"]["n"] for s in real]).value_counts().to_dict()
    size_bars(sizes, by_size(null) if null else None, chosen_n,
              float(pd.Series([s["train_std"] for s in real]).mean()), score,
              smk.output.sizes_figure, f"{mech}: {label}, best subset per n{flag}")
    singles = pd.concat([t[t["size"] == 1] for t in tops]).groupby("features")[score].agg(
        ["mean", "std"]).reset_index().rename(columns={"features": "feature", "std": "sd"})
    single_bars(singles.fillna({"sd": 0.0}), score, labels, smk.output.single,
                f"{mech}: single-feature models{flag}")
    halves = result["consensus_split_half"]
    agree = "" if halves is None else f"; halves agree: Jaccard {halves:.2f}"
    ties = (f"; {result['tied_repeats']} tied: frequencies are tie-breaks"
            if result["tied_repeats"] else "")
    frequency_bars(freq, named, p.min_frequency, len(real), smk.output.frequency_figure,
                   f"{mech}: how often each descriptor is chosen ({len(real)} repeats{agree}"
                   f"{ties}){flag}")
    parity([("train", data["y_train"], train_pred), (f"test ({kind})", data["y_test"], test_pred)],
           smk.output.parity, f"{mech}: {label} on the consensus "
           f"{', '.join(labels.get(f, f) for f in features)}{flag}")
    verdict_panel(result, table_eval, smk.output.verdict_figure, mech)
    log.info("consensus (frequency ≥ %s): %s; uncertain (95%% interval across %s): %s\n%s\n"
             "%s\nverdict: %s (%s)", p.min_frequency, ", ".join(features), p.min_frequency,
             ", ".join(unsure) or "none", freq.to_string(index=False), table_eval.to_string(index=False),
             "skill" if result["skill"] else "NO SKILL", result["reason"])
