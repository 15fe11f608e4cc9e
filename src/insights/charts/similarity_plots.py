"""The similarity graph of the terms (maximum spanning tree of their co-occurrences), its
labels pushed apart so that none hides another."""
from __future__ import annotations

import math

import networkx as nx
import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from ..messages_fr import fr
from ..sessions import natural_key
from .colors import COMMUNITY_PALETTE
from .figure import add_source, lay_out, new_axes, report_style
from .tables import similarity_layout


def _spread_labels(ax: Axes, texts: list, *, iterations: int = 60) -> None:
    """Push overlapping labels apart (vertically, then horizontally), in display space.

    Each label's box is measured once: moving a label only translates its box, so the pairs
    are compared on plain numbers, and the labels are moved once at the end."""
    fig = ax.figure
    lay_out(fig)  # positions are final
    renderer = fig.canvas.get_renderer()
    inv = ax.transData.inverted()
    boxes = []
    for t in texts:
        x0, y0, x1, y1 = t.get_window_extent(renderer).expanded(1.04, 1.12).extents
        boxes.append([min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)])
    shift = [[0.0, 0.0] for _ in texts]
    n = len(texts)
    for _ in range(iterations):
        moved = False
        for i in range(n):
            a = boxes[i]
            for j in range(i + 1, n):
                b = boxes[j]
                if not (a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]):
                    continue
                over_x = min(a[2] - b[0], b[2] - a[0])
                over_y = min(a[3] - b[1], b[3] - a[1])
                # move along the axis of least overlap, half each way
                if over_y <= over_x:
                    dx, dy = 0.0, over_y / 2 + 0.5
                    sign = 1 if (a[1] + a[3]) >= (b[1] + b[3]) else -1
                else:
                    dx, dy = over_x / 2 + 0.5, 0.0
                    sign = 1 if (a[0] + a[2]) >= (b[0] + b[2]) else -1
                for k, s in ((i, sign), (j, -sign)):
                    box = boxes[k]
                    box[0] += s * dx
                    box[2] += s * dx
                    box[1] += s * dy
                    box[3] += s * dy
                    shift[k][0] += s * dx
                    shift[k][1] += s * dy
                moved = True
        if not moved:
            break
    for t, (dx, dy) in zip(texts, shift):
        if dx or dy:
            xy = ax.transData.transform(t.get_position())
            t.set_position(inv.transform(xy + np.array([dx, dy])))


def plot_similarity_graph(graph: nx.Graph, *, ax: Axes | None = None, random_state: int = 0,
                          source: str | None = None) -> Axes:
    """The similarity tree (maximum spanning tree of term co-occurrence): label size by term
    frequency, colour by community, edge width by co-occurrence weight; overlapping labels are
    pushed apart."""
    layout = similarity_layout(graph, random_state=random_state)
    with report_style():
        ax = new_axes(ax, (6.3, 6.0))
        if layout.empty:
            ax.text(0.5, 0.5, fr("chart.graph.empty"), ha="center", va="center",
                    transform=ax.transAxes)
        pos = {t: (x, y) for t, x, y in zip(layout["term"], layout["x"], layout["y"])}
        weights = [float(d.get("weight", 1.0)) for _, _, d in graph.edges(data=True)]
        wmax = max(weights) if weights else 1.0
        for (u, v, d) in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
            (x0, y0), (x1, y1) = pos[str(u)], pos[str(v)]
            ax.plot([x0, x1], [y0, y1], color="#9A9A9A", zorder=1, solid_capstyle="round",
                    linewidth=0.6 + 3.4 * float(d.get("weight", 1.0)) / wmax)
        communities = sorted(set(layout["community"]), key=natural_key)
        ccolor = {c: COMMUNITY_PALETTE[i % len(COMMUNITY_PALETTE)]
                  for i, c in enumerate(communities)}
        fmax = float(layout["frequency"].max()) if len(layout) else 1.0
        fmin = float(layout["frequency"].min()) if len(layout) else 1.0
        texts = []
        for r in layout.itertuples(index=False):
            rel = 0.0 if fmax == fmin else math.sqrt((r.frequency - fmin) / (fmax - fmin))
            color = ccolor[r.community]
            ax.scatter([r.x], [r.y], s=14, color=color, zorder=2)
            texts.append(ax.text(r.x, r.y, r.term, fontsize=8 + 6 * rel, ha="center",
                                 va="center", color="#222222" if color == "#F0E442" else color,
                                 zorder=3, fontweight="bold" if rel > 0.5 else "normal",
                                 bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none",
                                           alpha=0.75)))
        ax.set_xlim(-0.08, 1.08)
        ax.set_ylim(-0.08, 1.08)
        ax.set_axis_off()
        for t in texts:
            t.set_in_layout(False)  # labels move after layout: they must not change it
        handles = [Line2D([], [], marker="o", linestyle="", color=ccolor[c],
                          label=fr("chart.graph.community", community=c)) for c in communities]
        handles.append(Line2D([], [], color="#9A9A9A", linewidth=3,
                              label=fr("chart.graph.cooccurrence")))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0),
                  title=fr("chart.legend"))
        ax.set_title(fr("chart.graph.title"))
        ax.text(0.0, -0.02, fr("chart.graph.word_size"), transform=ax.transAxes,
                fontsize=8, color="#555555", va="top")
        _spread_labels(ax, texts)
        add_source(ax.figure, source)
    return ax
