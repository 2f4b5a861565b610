"""One matplotlib style for every figure of the workflow."""

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


def model_bars(table, mechanisms, labels, chosen, path):
    """Test and CV RMSE per algorithm, one panel per mechanism (paper Fig. 3)."""
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
            ax.set_xlabel("RMSE (meV)")
            ax.set_title(mech)
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


def size_bars(best, score, optimum_n, path, title):
    """Lowest RMSE per number of features n; the optimum in red (paper Fig. 5)."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(6, 3.5))
        colors = [BEST if n == optimum_n else OTHER for n in best["n"]]
        ax.bar(best["n"], best[score], color=colors)
        ax.set_xlabel("number of features n")
        ax.set_ylabel(f"lowest {score.replace('_', ' ')} (meV)")
        ax.set_xticks(best["n"])
        ax.set_title(title)
        _save(fig, path)


def single_bars(singles, score, symbols, path, title):
    """RMSE of every single-feature model, best first (paper Fig. S2)."""
    with plt.rc_context(STYLE):
        singles = singles.sort_values(score)
        fig, ax = plt.subplots(figsize=(6, 0.25 * len(singles) + 1))
        ax.barh([symbols.get(f, f) for f in singles["features"]], singles[score],
                color=[BEST] + [OTHER] * (len(singles) - 1))
        ax.invert_yaxis()
        ax.set_xlabel(f"{score.replace('_', ' ')} (meV)")
        ax.set_title(title)
        _save(fig, path)


def importance_bars(mdi, symbols, categories, path, title):
    """Relative importance coloured by descriptor category (paper Fig. 7)."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(5, 0.4 * len(mdi) + 1))
        colors = [CATEGORY_COLORS.get(categories.get(f), "grey") for f in mdi["feature"]]
        ax.barh([symbols.get(f, f) for f in mdi["feature"]], 100 * mdi["importance"], color=colors)
        for y, v in enumerate(mdi["importance"]):
            ax.text(100 * v, y, f" {100 * v:.0f}%", va="center")
        ax.invert_yaxis()
        ax.set_xlabel(f"relative importance, {mdi['method'].iloc[0]} (%)")
        ax.set_title(title)
        used = dict.fromkeys(categories.get(f) for f in mdi["feature"])
        handles = [plt.Rectangle((0, 0), 1, 1, color=CATEGORY_COLORS.get(c, "grey")) for c in used]
        ax.legend(handles, list(used), loc="lower right", fontsize=7)
        _save(fig, path)


def ice(isolate, symbol, std, path, max_lines):
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
        axes["line_axes"][0].set_ylabel("Δ barrier (meV)")
        rug = axes["dist_axes"][0]  # pdpbox titles it over the line axes' tick labels
        rug.set_title("")
        rug.set_ylabel("data", rotation=0, ha="right", va="center", fontsize=9, color="grey")
        _save(fig, path)
