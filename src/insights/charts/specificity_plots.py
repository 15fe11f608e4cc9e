"""Charts of the specificities: the signed scores of the most over- and under-used terms of a
part of the corpus (a session, a profile), with the banality band shaded."""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..errors import require_columns
from ..messages_fr import MESSAGES, fr
from .colors import OVER, UNDER
from .figure import add_source, figure_legend, new_axes, report_style
from .tables import BANALITY, PROFILE_NAMES, top_specificities
from .typography import french_formatter, wrap_label


def _draw_specificities(ax: Axes, table: pd.DataFrame, *, fontsize: float = 8) -> None:
    y = np.arange(len(table))[::-1]
    colors = [OVER if s > 0 else UNDER for s in table["score"]]
    ax.barh(y, table["score"], color=colors, height=0.7)
    ax.set_yticks(y, table["term"], fontsize=fontsize)
    lim = max(BANALITY * 1.5, float(table["score"].abs().max()) * 1.08 if len(table) else 0)
    ax.set_xlim(-lim, lim)
    ax.axvspan(-BANALITY, BANALITY, color="#E6E6E6", zorder=0)
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.xaxis.set_major_formatter(french_formatter())
    ax.tick_params(axis="y", length=0)


SPEC_HANDLES = (
    Patch(color=OVER, label=fr("chart.spec.over")),
    Patch(color=UNDER, label=fr("chart.spec.under")),
    Patch(facecolor="#E6E6E6", edgecolor="#AAAAAA",
          label=fr("chart.spec.banality")),
)


def plot_specificities(specificities: pd.DataFrame, *, variable: str = "session",
                       value: str | None = None, n: int = 10, value_label: str | None = None,
                       ax: Axes | None = None, source: str | None = None) -> Axes:
    """Diverging horizontal bars of the signed specificity scores of the ``n`` most over- and
    under-used terms of part ``value`` of ``variable``, the banality band |score| < 2 shaded."""
    table = top_specificities(specificities, variable=variable, value=value, n=n)
    value = value if value is not None else str(
        specificities.loc[specificities["variable"].astype(str) == variable, "value"].iloc[0])
    with report_style():
        ax = new_axes(ax, (6.3, max(2.6, 0.2 * len(table) + 1.4)))
        _draw_specificities(ax, table)
        ax.set_xlabel(fr("chart.spec.xlabel_signed"))
        ax.set_ylabel(fr("chart.term"))
        ax.set_title(fr("chart.spec.title", part=value_label or value))
        ax.legend(handles=list(SPEC_HANDLES), loc="upper left", bbox_to_anchor=(1.01, 1.0))
        add_source(ax.figure, source)
    return ax


def plot_specificities_grid(specificities: pd.DataFrame, *, variable: str = "session",
                            values: Sequence[str] | None = None,
                            labels: Mapping[str, str] | None = None, n: int = 5,
                            ncols: int = 2, source: str | None = None) -> Figure:
    """Small multiples of :func:`plot_specificities`, one panel per part of ``variable``
    (``values`` in that order, default: the order of the table), ``labels`` as panel titles.
    When the table has no row for ``variable`` (an event without profiles), the figure says so
    and names the variables it has, so a notebook runs on any event."""
    require_columns(specificities, "specificities", ("variable", "value", "term", "score"))
    part = specificities[specificities["variable"].astype(str) == variable]
    name = fr(f"chart.spec.part.{variable}") if f"chart.spec.part.{variable}" in MESSAGES \
        else variable
    if part.empty:
        present = ", ".join(sorted(set(specificities["variable"].astype(str)))) \
            or fr("chart.spec.no_variable")
        with report_style():
            fig = plt.figure(figsize=(6.3, 1.6))
            fig.text(0.02, 0.8, fr("chart.spec.grid_title", part=name), fontweight="bold",
                     fontsize=10)
            fig.text(0.02, 0.45, fr("chart.spec.absent", variable=variable, present=present),
                     fontsize=9)
            add_source(fig, source)
        return fig
    present = list(dict.fromkeys(part["value"].astype(str)))
    values = [str(v) for v in values if str(v) in present] if values is not None else present
    labels = labels or {}
    nrows = max(1, math.ceil(len(values) / ncols))
    tables = {v: top_specificities(specificities, variable=variable, value=v, n=n) for v in values}
    with report_style():
        fig = plt.figure(figsize=(6.3, (0.16 * 2 * n + 0.7) * nrows + 0.9))
        axes = fig.subplots(nrows, ncols, squeeze=False)
        lim = max([BANALITY * 1.5] + [float(t["score"].abs().max()) * 1.08
                                      for t in tables.values() if len(t)])
        for ax, v in zip(axes.flat, values):
            _draw_specificities(ax, tables[v], fontsize=7.5 if n > 6 else 8)
            ax.set_xlim(-lim, lim)
            ax.set_title(wrap_label(PROFILE_NAMES.get(v, labels.get(v, v)), 34), fontsize=9)
        for ax in axes[-1]:
            ax.set_xlabel(fr("chart.spec.xlabel"))
        for ax in list(axes.flat)[len(values):]:
            ax.set_visible(False)
        fig.suptitle(fr("chart.spec.grid_title", part=name), x=0.02, ha="left",
                     fontweight="bold", fontsize=10)
        figure_legend(fig, list(SPEC_HANDLES), ncols=2)
        add_source(fig, source)
    return fig
