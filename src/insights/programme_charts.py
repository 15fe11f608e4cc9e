"""Charts of the programme report: events side by side, in date order.

The same style, colours and French number formats as the day's charts (:mod:`insights.charts`
draws the heat map and the specificity grids; this module adapts the events to them and adds
the two programme views). Compute and draw apart: ``*_table`` returns a DataFrame, ``plot_*``
returns the ``Axes``; saving is the report's job.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .charts import (
    COMMUNITY_PALETTE,
    METHOD_NAMES,
    NEUTRAL,
    add_source,
    figure_legend,
    format_date,
    format_number,
    french_formatter,
    method_rank,
    new_axes,
    plot_theme_heatmap,
    report_style,
    wrap_label,
)
from .errors import bad_value, require_columns
from .messages_fr import fr
from .programme import event_label
from .report import KIND_NAMES

#: markers of the scopes of :func:`insights.programme.event_scope`
_SCOPE_ORDER = ("shared", "partial", "dominant", "particular", "single", "absent")
SCOPE_NAMES = {scope: fr(f"chart.scope.{scope}") for scope in _SCOPE_ORDER}


def _labels(events: pd.DataFrame, labels: Mapping[str, str] | None) -> dict[str, str]:
    require_columns(events, "events", ("event", "date"))
    if labels:
        return {str(e): labels.get(str(e), str(e)) for e in events["event"]}
    return {str(r["event"]): event_label(r, str(r["event"])) for _, r in events.iterrows()}


def event_colors(events: pd.DataFrame) -> dict[str, str]:
    """One colour per event (Okabe-Ito, colour-blind safe), in date order: ``{event id:
    "#rrggbb"}``. The themes keep their own palette."""
    require_columns(events, "events", ("event",))
    palette = COMMUNITY_PALETTE
    return {str(e): palette[i % len(palette)] for i, e in enumerate(events["event"])}


def programme_source_line(events: pd.DataFrame, title: str = "") -> str:
    """Source line of every programme figure: ``"Programme « Places du partage », 2 ateliers
    (28/11/2019 – 06/02/2020), n = 1 121 segments"``, from ``events`` (``events.csv``)."""
    require_columns(events, "events", ("event", "date", "segments"))
    n = len(events)
    dates = sorted(str(d) for d in events["date"])
    when = format_date(dates[0]) if n == 1 or dates[0] == dates[-1] else \
        f"{format_date(dates[0])} – {format_date(dates[-1])}"
    head = fr("chart.programme.source_title", title=title) if title else ""
    return fr("chart.programme.source", head=head, n=n, s="s" if n > 1 else "", when=when,
              segments=format_number(int(events["segments"].sum()), decimals=0))


def events_as_sessions(events: pd.DataFrame, labels: Mapping[str, str] | None = None
                       ) -> pd.DataFrame:
    """The events shaped as the day charts' sessions (columns ``session`` = event id,
    ``title`` = its place, ``start`` = its date dd/mm/yyyy, ``order``), so that a theme ×
    session chart draws themes × events in date order."""
    names = _labels(events, labels)
    titles, starts = [], []
    for e, d in zip(events["event"].astype(str), events["date"]):
        when = format_date(d)
        label = names[e]
        suffix = f" ({when})"
        titles.append(label[: -len(suffix)] if label.endswith(suffix) else label)
        starts.append(when if label.endswith(suffix) else "")
    return pd.DataFrame({"session": events["event"].astype(str).to_numpy(), "title": titles,
                         "start": starts, "order": np.arange(1, len(events) + 1)})


def plot_event_heatmap(theme_by_event: pd.DataFrame, events: pd.DataFrame,
                       themes: pd.DataFrame, *, method: str | None = None,
                       labels: Mapping[str, str] | None = None,
                       colors: Mapping[tuple[str, str], str] | None = None,
                       ax: Axes | None = None, source: str | None = None) -> Axes:
    """Heat map of the share of each event's segments carrying each theme: themes in rows
    (their colour marked), events in columns in date order, each cell « 12 % »."""
    name = METHOD_NAMES.get(method, method) if method else fr("chart.all_themes")
    return plot_theme_heatmap(
        theme_by_event, events_as_sessions(events, labels), themes, method=method,
        colors=colors, ax=ax, source=source, xlabel=fr("chart.programme.event_axis"),
        title=fr("chart.programme.heatmap_title", method=name))


def event_kind_table(segments: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Number of segments of each kind (columns, by decreasing total) in each event (rows,
    in the order of ``events``)."""
    require_columns(segments, "segments", ("event", "kind"))
    ids = events["event"].astype(str).tolist()
    table = pd.crosstab(segments["event"].astype(str), segments["kind"].astype(str))
    table = table.reindex(index=ids, fill_value=0)
    order = sorted(table.columns, key=lambda k: (-int(table[k].sum()), k))
    out = table[order].astype("int64")
    out.index.name, out.columns.name = "event", None
    return out


def plot_events_overview(segments: pd.DataFrame, events: pd.DataFrame, *,
                         labels: Mapping[str, str] | None = None, ax: Axes | None = None,
                         source: str | None = None) -> Axes:
    """The events at a glance: one horizontal bar per event (date order, top to bottom),
    split by kind of source, with its number of segments and words at the end."""
    table = event_kind_table(segments, events)
    names = _labels(events, labels)
    palette = COMMUNITY_PALETTE
    with report_style():
        ax = new_axes(ax, (6.3, max(2.4, 0.55 * len(table) + 1.6)))
        y = np.arange(len(table))[::-1]
        left = np.zeros(len(table))
        for i, kind in enumerate(table.columns):
            values = table[kind].to_numpy(dtype=float)
            ax.barh(y, values, left=left, height=0.6, color=palette[i % len(palette)],
                    label=KIND_NAMES.get(kind, kind))
            left += values
        words = events.set_index(events["event"].astype(str))["words"] \
            if "words" in events.columns else None
        for yi, total, event in zip(y, left, table.index):
            text = fr("chart.programme.segments", n=format_number(total, decimals=0))
            if words is not None:
                text += fr("chart.programme.words", n=format_number(int(words[event]),
                                                                  decimals=0))
            ax.text(total, yi, f"  {text}", va="center", fontsize=8, color="#333333")
        ax.set_yticks(y, [wrap_label(names[e], 24) for e in table.index])
        ax.set_xlim(0, max(float(left.max()) if len(left) else 1.0, 1.0) * 1.45)
        ax.xaxis.set_major_formatter(french_formatter(decimals=0))
        ax.set_xlabel(fr("chart.programme.segments_axis"))
        ax.set_title(fr("chart.programme.overview_title"))
        ax.tick_params(axis="y", length=0)
        ax.legend(title=fr("chart.programme.kind_legend"), loc="lower right", fontsize=8)
        add_source(ax.figure, source)
    return ax


def theme_spread_table(theme_by_event: pd.DataFrame, themes: pd.DataFrame, *,
                       method: str) -> pd.DataFrame:
    """Long table for :func:`plot_theme_spread`: one row per theme of ``method`` and event,
    columns ``theme``, ``label``, ``scope``, ``event``, ``share``; themes grouped by scope
    (shared, partial, particular…) then by decreasing highest share."""
    require_columns(theme_by_event, "theme_by_event", ("theme", "method", "label"))
    require_columns(themes, "themes", ("theme", "method", "scope"))
    methods = sorted(set(theme_by_event["method"].astype(str)), key=method_rank)
    if method not in methods:
        raise bad_value("method", method, methods)
    rows = theme_by_event[theme_by_event["method"].astype(str) == method]
    ids = [c for c in rows.columns if c not in ("theme", "method", "label")]
    scope = dict(zip(zip(themes["method"].astype(str), themes["theme"].astype(str)),
                     themes["scope"].astype(str)))
    long = rows.melt(id_vars=["theme", "method", "label"], value_vars=ids, var_name="event",
                     value_name="share")
    long["scope"] = [scope.get((m, t), "absent") for m, t in zip(long["method"], long["theme"])]
    top = long.groupby("theme")["share"].transform("max")
    long["_s"] = long["scope"].map(lambda s: _SCOPE_ORDER.index(s) if s in _SCOPE_ORDER else 9)
    long["_top"] = -top
    long["_e"] = long["event"].map({e: i for i, e in enumerate(ids)})
    long = long.sort_values(["_s", "_top", "theme", "_e"], kind="mergesort")
    return long[["theme", "label", "scope", "event", "share"]].reset_index(drop=True)


def plot_theme_spread(theme_by_event: pd.DataFrame, events: pd.DataFrame,
                      themes: pd.DataFrame, *, method: str,
                      labels: Mapping[str, str] | None = None, ax: Axes | None = None,
                      source: str | None = None) -> Axes:
    """Shared or particular: for each theme of ``method`` (rows, grouped by scope), a dot per
    event at its share of that event's segments (one colour per event), joined by a line
    from the lowest to the highest share; a long line is a theme particular to some events."""
    long = theme_spread_table(theme_by_event, themes, method=method)
    names = _labels(events, labels)
    ecolors = event_colors(events)
    order = list(dict.fromkeys(long["theme"]))
    scopes = dict(zip(long["theme"], long["scope"]))
    tlabels = dict(zip(long["theme"], long["label"]))
    with report_style():
        ax = new_axes(ax, (6.3, max(2.8, 0.38 * len(order) + 2.0)))
        y = {t: len(order) - 1 - i for i, t in enumerate(order)}
        for theme in order:
            part = long[long["theme"] == theme]
            ax.plot([part["share"].min(), part["share"].max()], [y[theme]] * 2,
                    color="#BBBBBB", linewidth=2, zorder=1)
            for r in part.itertuples(index=False):
                ax.scatter(r.share, y[theme], s=36, color=ecolors.get(r.event, NEUTRAL),
                           zorder=2, edgecolors="white", linewidths=0.6)
        marks = {"shared": "●", "partial": "◐", "dominant": "◇", "particular": "◆"}
        ax.set_yticks([y[t] for t in order],
                      [f"{wrap_label(tlabels[t], 30)} {marks.get(scopes[t], '')}".rstrip()
                       for t in order])
        for i in range(1, len(order)):
            if scopes[order[i]] != scopes[order[i - 1]]:
                ax.axhline(y[order[i]] + 0.5, color="#DDDDDD", linewidth=0.8)
        ax.xaxis.set_major_formatter(french_formatter(percent=True))
        ax.set_xlim(left=0)
        ax.set_xlabel(fr("chart.programme.spread_xlabel"))
        ax.tick_params(axis="y", length=0)
        name = METHOD_NAMES.get(method, method)
        ax.set_title(fr("chart.programme.spread_title", method=name))
        handles = [Line2D([], [], marker="o", linestyle="", color=ecolors[e], label=names[e])
                   for e in ecolors]
        handles += [Patch(color="white", label=f"{m} {SCOPE_NAMES[s]}")
                    for s, m in marks.items() if s in set(scopes.values())]
        figure_legend(ax.figure, handles, ncols=2)
        add_source(ax.figure, source)
    return ax


__all__ = [
    "event_colors", "event_kind_table", "events_as_sessions", "plot_event_heatmap",
    "plot_events_overview", "plot_theme_spread", "programme_source_line",
    "theme_spread_table",
]
