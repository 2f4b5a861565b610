"""One matplotlib style for every figure of the workflow."""

import textwrap

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

STYLE = {"figure.dpi": 150, "savefig.bbox": "tight", "font.size": 9, "axes.grid": True,
         "grid.alpha": 0.3, "axes.spines.top": False, "axes.spines.right": False}
CATEGORY_COLORS = {"lattice": "#1f77b4", "mechanical": "#8c564b", "electronic": "#9467bd",
                   "chemical": "#2ca02c", "cation": "#ff7f0e", "octahedral anion": "#d62728",
                   "framework anion": "#e377c2"}
BEST, OTHER = "#d62728", "#1f77b4"


def _save(fig, path):
    fig.savefig(path)
    plt.close(fig)


def heatmap(rho, labels, title, path):
    """Pearson matrix with the barrier as the last row/column (paper Figs 2, S1)."""
    with plt.rc_context(STYLE | {"axes.grid": False}):
        n = len(labels)
        fig, ax = plt.subplots(figsize=(0.32 * n + 2, 0.32 * n + 1.5))
        im = ax.imshow(rho, cmap="RdBu_r", vmin=-1, vmax=1)
        ax.set_xticks(range(n), labels, rotation=90)
        ax.set_yticks(range(n), labels)
        for i in range(n):
            for j in range(n):
                ax.text(j, i, f"{rho[i, j]:.2f}".replace("0.", "."), ha="center", va="center",
                        fontsize=4.5, color="white" if abs(rho[i, j]) > 0.6 else "black")
        fig.colorbar(im, ax=ax, shrink=0.6, label="Pearson ρ")
        ax.set_title(title)
        _save(fig, path)


def model_bars(table, mechanisms, labels, chosen, path, kind):
    """Test and CV RMSE per algorithm, one panel per mechanism, with the CV RMSE of predicting
    the mean (paper Fig. 3); kind: what the scores are for (new compound or new path)."""
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, len(mechanisms), figsize=(5 * len(mechanisms), 4.5),
                                 squeeze=False, layout="constrained")
        for ax, mech in zip(axes[0], mechanisms):
            rows = table[table["mechanism"] == mech]
            y = np.arange(len(rows))
            colors = [BEST if a == chosen else OTHER for a in rows["algorithm"]]
            ax.barh(y, rows["test_rmse"], color=colors, label="test")
            ax.plot(rows["cv_rmse"], y, "k|", markersize=10, label="CV")
            ax.set_yticks(y, [labels[a] for a in rows["algorithm"]])
            ax.invert_yaxis()
            ax.set_xlabel(f"RMSE (meV), {kind}")
            ax.set_title(mech)
            baseline = rows["baseline_cv_rmse"].iloc[0] if "baseline_cv_rmse" in rows else None
            if baseline is not None:
                ax.axvline(baseline, color="k", ls=":", lw=1, label="predict the mean (CV)")
            ax.legend(loc="lower right")
        _save(fig, path)


def parity(panels, path, title=""):
    """Predicted vs reference barriers; panels = [(label, y_true, y_pred), ...] (Figs 4, 6)."""
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, len(panels), figsize=(4 * len(panels), 4), squeeze=False)
        for ax, (label, y, p) in zip(axes[0], panels):
            rmse = float(np.sqrt(np.mean((y - p) ** 2)))
            lo, hi = min(y.min(), p.min()), max(y.max(), p.max())
            ax.plot([lo, hi], [lo, hi], "k--", lw=0.8)
            ax.scatter(y, p, s=10, alpha=0.7)
            ax.set_xlabel("reference barrier (meV)")
            ax.set_ylabel("predicted barrier (meV)")
            ax.set_title(f"{label}: RMSE {rmse:.0f} meV")
            ax.set_aspect("equal")
        if title:
            fig.suptitle(title)
        _save(fig, path)


def size_bars(sizes, null, chosen_n, baseline, score, path, title):
    """Best score per number of features n over repeats, mean ± sd (paper Fig. 5).

    sizes/null: frames n, mean, sd, count (real and null replicates); chosen_n: how often each n
    was chosen; baseline: the training σ (what predicting the mean scores).
    """
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(6.5, 3.8))
        top = max(chosen_n.values())
        colors = [BEST if chosen_n.get(n, 0) == top else OTHER for n in sizes["n"]]
        ax.bar(sizes["n"], sizes["mean"], yerr=sizes["sd"], color=colors, capsize=3,
               label=f"best subset of size n, mean ± sd over {int(sizes['count'].max())} repeats")
        tops = dict(zip(sizes["n"], sizes["mean"] + sizes["sd"]))
        for n, c in chosen_n.items():
            ax.annotate(f"{c}×", (n, tops[n]), xytext=(0, 3), textcoords="offset points",
                        ha="center", color=BEST, fontsize=7)
        if null is not None:
            ax.plot(null["n"], null["mean"], "o--", color="grey", ms=3,
                    label="same search on permuted barriers (null)")
        ax.axhline(baseline, color="k", ls=":", lw=1, label="predict the training mean (σ)")
        ax.set_xlabel("number of features n (red: chosen most often by the 1-SE rule)")
        ax.set_ylabel(f"{score.replace('_', ' ')} (meV)")
        ax.set_xticks(sizes["n"])
        ax.set_ylim(0, 1.15 * max(baseline, float((sizes["mean"] + sizes["sd"]).max())))
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=7, ncol=2)
        ax.set_title(title)
        _save(fig, path)


def single_bars(singles, score, labels, path, title):
    """Score of every single-feature model, best first, mean ± sd over repeats (paper Fig. S2);
    singles: frame feature, mean, sd."""
    with plt.rc_context(STYLE):
        singles = singles.sort_values("mean")
        fig, ax = plt.subplots(figsize=(6, 0.25 * len(singles) + 1))
        ax.barh([labels.get(f, f) for f in singles["feature"]], singles["mean"],
                xerr=singles["sd"], capsize=2, color=[BEST] + [OTHER] * (len(singles) - 1))
        ax.invert_yaxis()
        ax.set_xlabel(f"{score.replace('_', ' ')} (meV), mean ± sd over repeats")
        ax.set_title(title)
        _save(fig, path)


def frequency_bars(freq, labels, min_frequency, repeats, path, title):
    """How often each descriptor is chosen (1-SE subset) and near-optimal, over repeats."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(6.5, 0.35 * len(freq) + 1.2))
        y = np.arange(len(freq))
        err = np.maximum([freq["frequency"] - freq["frequency_low"],
                          freq["frequency_high"] - freq["frequency"]], 0.0)  # rounding at 0, 1
        unsure = freq["uncertain"] if "uncertain" in freq else np.zeros(len(freq), bool)
        ax.barh(y - 0.2, freq["frequency"], 0.4, xerr=err, capsize=2, color=BEST,
                hatch=["//" if u else "" for u in unsure],
                label=f"in the chosen (1-SE) subset (95 % interval over {repeats} repeats; "
                "hatched: it straddles the threshold)")
        ax.barh(y + 0.2, freq["near_optimal_frequency"], 0.4, color=OTHER,
                label="share of near-optimal subsets")
        ax.axvline(min_frequency, color="k", ls=":", lw=1, label="consensus threshold")
        ax.set_yticks(y, [labels.get(f, f) for f in freq["descriptor"]])
        ax.invert_yaxis()
        ax.set_xlim(0, 1.05)
        ax.set_xlabel("fraction of repeats")
        ax.legend(loc="lower right", fontsize=7)
        ax.set_title(title)
        _save(fig, path)


def learning_curve_plot(curve, floor, floor_kind, baseline, path, title):
    """New-compound RMSE (mean ± sd over repeats) against training compounds, with the noise
    floor (`floor_kind` says what it is) and predicting the training mean."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(6, 3.8))
        by = curve.groupby("share").agg(compounds=("compounds", "mean"),
                                        mean=("rmse", "mean"), sd=("rmse", "std"))
        ax.errorbar(by["compounds"], by["mean"], yerr=by["sd"].fillna(0.0), marker="o",
                    capsize=3, color=BEST, label="chosen model, consensus subset")
        ax.axhline(baseline, color="grey", ls="--", lw=1, label="predict the training mean")
        ax.axhline(floor, color="k", ls=":", lw=1, label=f"noise floor: {floor_kind}")
        ax.set_xlabel("training compounds")
        ax.set_ylabel("new-compound RMSE (meV)")
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=7)
        ax.set_title(title)
        _save(fig, path)


def verdict_panel(verdict, evaluation, path, title):
    """The skill verdict in words, and held-out RMSE per scope: model, mean baseline, null."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7, 3.6))
        x = np.arange(len(evaluation))
        for dx, col, label, color in ((-0.27, "model_rmse", "chosen subsets", BEST),
                                      (0, "mean_baseline_rmse", "predict the training mean",
                                       "grey"),
                                      (0.27, "null_rmse", "null (permuted barriers)", "#bbbbbb")):
            err = evaluation["model_rmse_sd"] if col == "model_rmse" else None
            ax.bar(x + dx, evaluation[col], 0.27, yerr=err, capsize=3, color=color, label=label)
        ax.set_xticks(x, [s.replace("_", " ") for s in evaluation["scope"]])
        ax.set_ylabel("held-out RMSE (meV)")
        ax.legend(fontsize=7, loc="lower right")
        word = "SKILL" if verdict["skill"] else "NO SKILL"
        ax.set_title(f"{title}: {word}", color="k" if verdict["skill"] else BEST,
                     fontweight="bold")
        scopes = verdict.get("skill_by_scope", {})
        where = "; ".join(f"{s.replace('_', ' ')}: {'skill' if ok else 'no skill'}"
                          for s, ok in scopes.items())
        text = verdict["reason"] + (f". By scope (gain over the mean ≥ min_gain and > 2 SE): "
                                    f"{where}." if where else "")
        fig.text(0.01, -0.02, "\n".join(textwrap.wrap(text, 110)), fontsize=7, va="top")
        _save(fig, path)


def importance_panels(table, labels, categories, path, title):
    """MDI, permutation importance on held-out compounds and mean |SHAP| side by side (Fig. 7);
    table: feature and one column per method, each summing to 1."""
    methods = [c for c in ("MDI", "permutation", "SHAP") if c in table]
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, len(methods), figsize=(3.2 * len(methods) + 1.5,
                                                          0.4 * len(table) + 1.4),
                                 sharey=True, squeeze=False, layout="constrained")
        colors = [CATEGORY_COLORS.get(categories.get(f), "grey") for f in table["feature"]]
        names = [labels.get(f, f) for f in table["feature"]]
        for ax, method in zip(axes[0], methods):
            values = 100 * table[method]
            ax.barh(names, values, color=colors)
            for y, v in enumerate(values):
                ax.text(max(v, 0), y, f" {v:.0f}%", va="center", fontsize=7)
            ax.set_xlabel(f"{METHOD_LABELS[method]} (%)")
            ax.set_xlim(0, max(100 * table[methods].max().max() * 1.25, 1))
        axes[0][0].invert_yaxis()
        used = dict.fromkeys(categories.get(f) for f in table["feature"])
        handles = [plt.Rectangle((0, 0), 1, 1, color=CATEGORY_COLORS.get(c, "grey")) for c in used]
        axes[0][-1].legend(handles, list(used), loc="lower right", fontsize=7)
        fig.suptitle(title)
        _save(fig, path)


METHOD_LABELS = {"MDI": "MDI, training rows", "permutation": "permutation, held-out rows",
                 "SHAP": "mean |SHAP|, training rows"}


def pdp_2d(grid_x, grid_y, values, labels, path, title):
    """Two-feature partial dependence (average prediction) as filled contours; an empty panel
    saying why when there is no pair (values None)."""
    with plt.rc_context(STYLE | {"axes.grid": False}):
        fig, ax = plt.subplots(figsize=(5.2, 4.2))
        if values is None:
            ax.axis("off")
            ax.set_title(title)
            _save(fig, path)
            return
        filled = ax.contourf(grid_x, grid_y, values.T, levels=12, cmap="viridis")
        fig.colorbar(filled, ax=ax, label="predicted barrier (meV)")
        ax.set_xlabel(labels[0])
        ax.set_ylabel(labels[1])
        ax.set_title(title)
        _save(fig, path)


def ice(isolate, symbol, label, std, path, max_lines):
    """pdpbox's centered ICE plot for one feature, in the common style (paper Figs 8, S3)."""
    with plt.rc_context(STYLE):
        n = len(isolate.results[0].ice_lines)
        fig, axes = isolate.plot(center=True, plot_lines=True, plot_pts_dist=True,
                                 frac_to_plot=min(1.0, max_lines / n), engine="matplotlib",
                                 figsize=(6, 5), dpi=150, plot_params={"font_family": "DejaVu Sans"})
        for text in axes["title_axes"].texts[:2]:
            text.remove()
        axes["title_axes"].text(0, 0.7, f"Centered ICE: {symbol} (training σ = {std:.3g})",
                                fontsize=13)
        axes["title_axes"].text(0, 0.4, f"{n} training paths; bold: average", fontsize=10,
                                color="grey")
        line, rug = axes["line_axes"][0], axes["dist_axes"][0]
        line.set_ylabel("Δ barrier (meV)")
        for ax, axis in ((line, "x"), (line, "y"), (rug, "x")):  # pdpbox clips at the end points
            lo, hi = getattr(ax, f"get_{axis}lim")()
            getattr(ax, f"set_{axis}lim")(lo - 0.03 * (hi - lo), hi + 0.03 * (hi - lo))
        rug.set_title("")  # pdpbox titles it over the line axes' tick labels
        rug.set_xlabel(label, fontsize=11)
        rug.set_ylabel("data", rotation=0, ha="right", va="center", fontsize=9, color="grey")
        _save(fig, path)


def domain_map(panels, path):
    """Per mechanism, training rows and predicted rows (in or out of the applicability domain)
    in its two leading selected descriptors; panels = [(title, xlabel, ylabel, train (n, 2),
    new (m, 2), inside (m,))]."""
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, len(panels), figsize=(4.5 * len(panels), 4), squeeze=False)
        for ax, (title, xlabel, ylabel, train, new, inside) in zip(axes[0], panels):
            ax.scatter(train[:, 0], train[:, 1], s=10, c="0.6", label="training paths")
            if len(new):
                ax.scatter(new[inside, 0], new[inside, 1], s=30, marker="^", c="C0",
                           label="predicted, in domain")
                ax.scatter(new[~inside, 0], new[~inside, 1], s=30, marker="x", c="C3",
                           label="predicted, OUT of domain")
            ax.set_xlabel(xlabel)
            ax.set_ylabel(ylabel)
            ax.set_title(title)
            ax.legend(fontsize=7)
        _save(fig, path)
