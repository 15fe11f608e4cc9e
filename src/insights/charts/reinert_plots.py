"""Charts of the Reinert classification: the dendrogram drawn sideways with each class's words,
and the class profiles as small multiples. A class's words come from
:func:`insights.reinert.class_top_terms`, the rule of the themes table too."""
from __future__ import annotations

import math
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..errors import InvalidArgumentError
from ..messages_fr import fr
from ..reinert import class_top_terms
from .colors import NEUTRAL, readable_color, theme_colors
from .figure import add_source, figure_legend, new_axes, report_style
from .tables import dendrogram_layout
from .typography import format_number, french_formatter, wrap_label


def plot_dendrogram(tree: pd.DataFrame, class_sizes: pd.Series | Mapping | None,
                    profiles: pd.DataFrame, *, n_terms: int = 5,
                    colors: Mapping[tuple[str, str], str] | None = None,
                    leaf_name: str | None = None, legend: Mapping[str, str] | None = None,
                    title: str | None = None,
                    ax: Axes | None = None, source: str | None = None) -> Axes:
    """Dendrogram of the Reinert classification, drawn sideways (root on the left): split
    heights = chi2 of the splits (x axis), each terminal class (a row) with its size and its
    ``n_terms`` most characteristic terms, in the colour of theme ``reinert-<class>``
    (``colors`` from :func:`theme_colors`). ``leaf_name`` names the leaves (default
    « Classe »); ``legend`` (label -> colour) replaces the default legend (one entry per
    leaf)."""
    nodes, links = dendrogram_layout(tree, class_sizes)
    leaf_name = leaf_name or fr("chart.reinert.class")
    words = class_top_terms(profiles, n_terms=n_terms)
    leaves = nodes[nodes["kind"] == "class"]
    if colors is None:
        fake = pd.DataFrame({"theme": [f"reinert-{c}" for c in leaves["class"]],
                             "method": "reinert"})
        colors = theme_colors(fake)
    n = len(leaves)
    with report_style():
        ax = new_axes(ax, (6.3, 0.55 * n + 1.6))
        for r in links.itertuples(index=False):  # layout x -> row, layout y -> chi2
            ax.plot([r.y0, r.y1], [r.x0, r.x1], color="#555555", linewidth=1.2)
        top = float(nodes["y"].max()) or 1.0
        handles = _draw_leaves(ax, leaves, words, colors, leaf_name)
        for r in nodes[nodes["kind"] == "split"].itertuples(index=False):
            ax.annotate(format_number(r.y, decimals=1), (r.y, r.x), xytext=(-3, 3),
                        textcoords="offset points", ha="right", va="bottom", fontsize=8,
                        color="#555555")
        ax.set_xlim(top * 1.3, 0)  # room for the root split label
        ax.set_ylim(n - 0.4, -0.6)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.xaxis.set_major_formatter(french_formatter())
        ax.set_xlabel(fr("chart.reinert.xlabel"))
        ax.set_ylabel(fr("chart.reinert.leaves_f" if leaf_name.endswith("e") else
                         "chart.reinert.leaves_m", leaf=leaf_name))
        ax.set_title(title or fr("chart.reinert.title"))
        if legend is not None:
            handles = [Patch(color=col, label=lab) for lab, col in legend.items()]
        figure_legend(ax.figure, handles, ncols=min(4, max(1, len(handles))))
        add_source(ax.figure, source)
    return ax


def _draw_leaves(ax: Axes, leaves: pd.DataFrame, words: Mapping[int, list[str]],
                 colors: Mapping[tuple[str, str], str], leaf_name: str) -> list[Patch]:
    """Each terminal class of the dendrogram: its square in its colour, its name and size,
    its words under them; returns the legend patches, one per class."""
    handles = []
    for r in leaves.itertuples(index=False):
        cls = int(r[2])
        c = colors.get(("reinert", f"reinert-{cls}"), NEUTRAL)
        ax.scatter([0], [r.x], s=80, color=c, zorder=3, marker="s", clip_on=False)
        size = "" if pd.isna(r.size) else \
            fr("chart.reinert.leaf_size", n=format_number(r.size, decimals=0))
        name = fr("chart.reinert.leaf", leaf=leaf_name, number=cls)
        ax.annotate(name + size, (0, r.x), xytext=(10, 1), textcoords="offset points",
                    ha="left", va="bottom", fontsize=8, fontweight="bold", color="#222222",
                    annotation_clip=False)
        ax.annotate(wrap_label(", ".join(words.get(cls, [])), 46), (0, r.x), xytext=(10, -1),
                    textcoords="offset points", ha="left", va="top", fontsize=8,
                    color=readable_color(c), annotation_clip=False)
        handles.append(Patch(color=c, label=name))
    return handles


def plot_class_profiles(profiles: pd.DataFrame, class_sizes: pd.Series | Mapping | None = None,
                        *, n_terms: int = 8,
                        colors: Mapping[tuple[str, str], str] | None = None, ncols: int = 2,
                        source: str | None = None) -> Figure:
    """Small multiples of the Reinert class profiles (as rainette_plot): for each class, the
    ``n_terms`` terms of highest positive chi2 as horizontal bars in the colour of theme
    ``reinert-<class>``; panel titles give the class size."""
    words = class_top_terms(profiles, n_terms=n_terms)
    if not words:
        raise InvalidArgumentError("`profiles` has no term with a positive chi2 and p < 0.05 "
                                   "(see insights.reinert.class_top_terms); nothing to draw")
    sizes = {int(k): int(v) for k, v in dict(class_sizes).items()
             if pd.notna(k) and pd.notna(v)} if class_sizes is not None else {}
    classes = sorted(words)
    if colors is None:
        colors = theme_colors(pd.DataFrame({"theme": [f"reinert-{c}" for c in classes],
                                            "method": "reinert"}))
    chi2 = {(int(c), str(t)): float(x) for c, t, x in
            zip(profiles["class"], profiles["term"], profiles["chi2"]) if pd.notna(c)}
    nrows = max(1, math.ceil(len(classes) / ncols))
    with report_style():
        fig = plt.figure(figsize=(6.3, (0.17 * n_terms + 0.65) * nrows + 0.8))
        axes = fig.subplots(nrows, ncols, squeeze=False)
        for ax, c in zip(axes.flat, classes):
            y = np.arange(len(words[c]))[::-1]
            ax.barh(y, [chi2[(c, t)] for t in words[c]],
                    color=colors.get(("reinert", f"reinert-{c}"), NEUTRAL), height=0.7)
            ax.set_yticks(y, words[c], fontsize=8)
            ax.tick_params(axis="y", length=0)
            ax.xaxis.set_major_formatter(french_formatter())
            n = fr("chart.reinert.class_size", n=format_number(sizes[c], decimals=0)) \
                if c in sizes else ""
            ax.set_title(fr("chart.reinert.leaf", leaf=fr("chart.reinert.class"), number=c) + n,
                         fontsize=9)
        for ax in axes[-1]:
            ax.set_xlabel(fr("chart.reinert.profiles_xlabel"))
        for ax in list(axes.flat)[len(classes):]:
            ax.set_visible(False)
        fig.suptitle(fr("chart.reinert.profiles_title"), x=0.02, ha="left", fontweight="bold",
                     fontsize=10)
        figure_legend(fig, [Patch(color=colors.get(("reinert", f"reinert-{c}"), NEUTRAL),
                                  label=fr("chart.reinert.leaf", leaf=fr("chart.reinert.class"),
                                           number=c)) for c in classes],
                      ncols=min(6, len(classes)), title=fr("chart.reinert.class"))
        add_source(fig, source)
    return fig
