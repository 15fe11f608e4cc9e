"""Charts of the themes through the day: the theme x session heat map, the timeline, and
grouped bars (themes by participant profile, coverage of the codebook by session)."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from ..errors import InvalidArgumentError, bad_value, require_columns
from ..messages_fr import fr
from ..sessions import natural_key, session_order
from .colors import NEUTRAL, theme_colors
from .figure import add_source, ensure_canvas, new_axes, report_style
from .tables import (
    METHOD_NAMES,
    PROFILE_NAMES,
    default_method,
    session_labels,
    theme_labels,
    theme_session_table,
)
from .typography import format_percent, french_formatter, wrap_label


def plot_theme_heatmap(theme_by_session: pd.DataFrame, sessions: pd.DataFrame,
                       themes: pd.DataFrame, *, method: str | None = None,
                       colors: Mapping[tuple[str, str], str] | None = None,
                       ax: Axes | None = None, source: str | None = None,
                       xlabel: str | None = None, title: str | None = None) -> Axes:
    """Heat map of theme shares (rows) by session (columns, programme order, titles and start
    times), each cell annotated « 12 % », each row marked with its theme colour. ``xlabel``
    and ``title`` replace the session wording (the programme report draws events as columns)."""
    long = theme_session_table(theme_by_session, sessions, themes, method=method)
    colors = colors or theme_colors(themes)
    rows = list(dict.fromkeys(zip(long["method"], long["theme"])))
    cols = list(dict.fromkeys(long["session"]))
    grid = long.pivot_table(index=["method", "theme"], columns="session", values="share",
                            sort=False).reindex(index=pd.MultiIndex.from_tuples(rows),
                                                columns=cols).to_numpy(dtype=float)
    labels = dict(zip(zip(long["method"], long["theme"]), long["label"]))
    several = len({m for m, _ in rows}) > 1
    with report_style():
        ax = new_axes(ax, (6.3, max(3.2, 0.42 * len(rows) + 2.0)))
        vmax = max(float(np.nanmax(grid)) if grid.size else 0.0, 0.05)
        image = ax.imshow(grid, aspect="auto", cmap="YlGnBu",
                          vmin=0.0, vmax=vmax)
        for i in range(grid.shape[0]):
            for j in range(grid.shape[1]):
                v = grid[i, j]
                ax.text(j, i, format_percent(v), ha="center", va="center", fontsize=8,
                        color="white" if v > 0.6 * vmax else "#222222")
        sl = session_labels(sessions)
        ax.set_xticks(range(len(cols)), [sl[c] for c in cols], fontsize=8, rotation=30,
                      ha="right", rotation_mode="anchor")
        ylabels = [wrap_label(labels[k] + (f" ({METHOD_NAMES.get(k[0], k[0])})" if several
                                           else ""), 30)
                   for k in rows]
        ax.set_yticks(range(len(rows)), ylabels)
        ax.tick_params(axis="y", pad=12, length=0)
        ax.tick_params(axis="x", length=0)
        # the colour marks sit 6 points left of the axis, inside the labels' 12-point pad,
        # whatever the number of columns (a data-unit offset grew into the labels)
        marks = mpl.transforms.offset_copy(ax.get_yaxis_transform(), fig=ax.figure, x=-6,
                                           units="points")
        for i, k in enumerate(rows):
            ax.plot([0], [i], marker="s", markersize=7, color=colors.get(k, NEUTRAL),
                    clip_on=False, transform=marks)
        ax.set_xlim(-0.5, len(cols) - 0.5)
        ax.spines[:].set_visible(False)
        ax.set_xlabel(xlabel or fr("chart.session_axis"))
        ax.set_ylabel(fr("chart.theme"))
        name = METHOD_NAMES.get(method, method) if method else fr("chart.all_themes")
        ax.set_title(title or fr("chart.heatmap.title", method=name))
        bar = ax.figure.colorbar(image, ax=ax, shrink=0.9, pad=0.02,
                                 format=french_formatter(percent=True))
        bar.set_label(fr("chart.heatmap.colorbar"))
        bar.ax.tick_params(labelsize=8)
        add_source(ax.figure, source)
    return ax


def _session_datetimes(sessions: pd.DataFrame, day: Any) -> dict[str, datetime]:
    try:
        base = date.fromisoformat(str(day)[:10])
    except ValueError:
        base = date(2000, 1, 1)
    out = {}
    for r in sessions.itertuples(index=False):
        match = re.fullmatch(r"\s*(\d{1,2})[:hH](\d{2})\s*", str(r.start))
        if not match:
            raise InvalidArgumentError(
                f"`sessions`: session {r.session!r} has start {r.start!r}; allowed: \"HH:MM\"")
        out[str(r.session)] = datetime(base.year, base.month, base.day,
                                       int(match.group(1)), int(match.group(2)))
    return out


def plot_timeline(theme_by_session: pd.DataFrame, sessions: pd.DataFrame, themes: pd.DataFrame,
                  *, method: str | None = None, day: Any = None,
                  colors: Mapping[tuple[str, str], str] | None = None, ax: Axes | None = None,
                  source: str | None = None) -> Axes:
    """The day's timeline: each theme's share of the session's segments (y) at the session's
    start time on a real time axis (x, « 9 h 30 » … « 16 h 30 »), one line per theme of
    ``method`` (default: the first of nmf, codebook, reinert) in its theme colour; session
    titles on the top axis. ``day`` is the event date (only used to build the time axis).
    The title goes above the session titles when the axes are created here, or by a caller
    with ``axes.titley`` left to None (matplotlib's default)."""
    method = default_method(theme_by_session, method)
    long = theme_session_table(theme_by_session, sessions, themes, method=method)
    colors = colors or theme_colors(themes)
    when = _session_datetimes(sessions, day)
    long["time"] = long["session"].map(when)
    # the report style fixes every title at the top of its axes (matplotlib then skips
    # measuring tick labels at each draw); this chart's title must clear the session titles
    # of the top axis, which matplotlib's automatic placement does
    with report_style(), mpl.rc_context({"axes.titley": None}):
        owned = ax is None
        ax = new_axes(ax, (6.3, 4.2))
        for (m, t), part in long.groupby(["method", "theme"], sort=False):
            ax.plot(part["time"], part["share"], marker="o", color=colors.get((m, t), NEUTRAL),
                    label=wrap_label(part["label"].iloc[0], 26))
        times = sorted(when.values())
        first = times[0].replace(minute=0)
        last = times[-1].replace(minute=0) + pd.Timedelta(hours=1)
        ax.set_xlim(first, last)
        ax.xaxis.set_major_locator(mdates.HourLocator())
        ax.xaxis.set_minor_locator(mdates.MinuteLocator(byminute=[30]))
        ax.xaxis.set_major_formatter(FuncFormatter(
            lambda x, _p: fr("chart.timeline.hour", hour=mdates.num2date(x).hour)))
        ax.yaxis.set_major_formatter(french_formatter(percent=True))
        ax.set_ylim(0, max(0.05, float(long["share"].max()) * 1.1))
        ax.grid(axis="y")
        for t in times:
            ax.axvline(t, color="#DDDDDD", linewidth=0.8, zorder=0)
        top = ax.secondary_xaxis("top")
        titles = session_labels(sessions, with_time=False)
        top.set_xticks([mdates.date2num(when[s]) for s in titles],
                       list(titles.values()), rotation=40, ha="left",
                       fontsize=8, rotation_mode="anchor")
        top.tick_params(length=0)
        top.spines["top"].set_visible(False)
        ax.set_xlabel(fr("chart.timeline.xlabel"))
        ax.set_ylabel(fr("chart.session_share"))
        ax.set_title(fr("chart.timeline.title", method=METHOD_NAMES.get(method, method)),
                     pad=10, loc="left")
        legend = ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title=fr("chart.theme"))
        if owned:
            _fit_timeline_height(ax.figure, ax, top, legend)
        add_source(ax.figure, source)
    return ax


def _fit_timeline_height(fig: Figure, ax: Axes, top: Axes, legend: Any) -> None:
    """Make the timeline's figure tall enough for its content: the session titles above the
    axes and the legend beside them (hung from the top of the axes) leave the axes at least
    2.4 inches high, whatever the number of sessions and themes (with eight long Reinert
    class names the fixed 4.2 inches collapsed the axes to a strip)."""
    ensure_canvas(fig)
    renderer = fig.canvas.get_renderer()
    dpi = fig.dpi
    titles = top.get_tightbbox(renderer)
    top_band = titles.height / dpi if titles is not None else 0.0
    legend_h = legend.get_window_extent(renderer).height / dpi
    # title and its pad above the session names; x tick labels and x label under the axes
    above, below = 0.45 + top_band, 0.65
    axes_h = max(2.4, legend_h - below + 0.1)
    fig.set_figheight(max(4.2, above + axes_h + below))


def _grouped_bars(ax: Axes, data: pd.DataFrame, groups: Sequence[str],
                  group_labels: Sequence[str], colors: Mapping[tuple[str, str], str],
                  labels: Mapping[tuple[str, str], str]) -> None:
    rows = list(zip(data["method"].astype(str), data["theme"].astype(str)))
    width = 0.8 / max(1, len(rows))
    x = np.arange(len(groups))
    for i, key in enumerate(rows):
        values = data.iloc[i][list(groups)].astype(float).fillna(0.0).to_numpy()
        ax.bar(x - 0.4 + width * (i + 0.5), values, width=width * 0.95,
               color=colors.get(key, NEUTRAL), label=wrap_label(labels.get(key, key[1]), 26))
    ax.set_xticks(x, group_labels)
    ax.yaxis.set_major_formatter(french_formatter(percent=True))
    ax.grid(axis="y")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title=fr("chart.theme"))


def _method_rows(table: pd.DataFrame, method: str) -> pd.DataFrame:
    part = table[table["method"].astype(str) == method].copy()
    part["_k"] = part["theme"].astype(str).map(natural_key)
    return part.sort_values("_k", kind="mergesort").drop(columns="_k").reset_index(drop=True)


def plot_themes_by_profile(theme_by_profile: pd.DataFrame, themes: pd.DataFrame, *,
                           method: str | None = None,
                           colors: Mapping[tuple[str, str], str] | None = None,
                           ax: Axes | None = None, source: str | None = None) -> Axes:
    """Grouped bars: for each participant profile (élu·e, agent·e, animateur·rice,
    explorateur·rice, …), the share of its segments carrying each theme of ``method``."""
    require_columns(theme_by_profile, "theme_by_profile", ("theme", "method"))
    method = default_method(theme_by_profile, method)
    profiles = [c for c in theme_by_profile.columns if c not in ("theme", "method")]
    data = _method_rows(theme_by_profile, method)
    with report_style():
        ax = new_axes(ax, (6.3, 3.6))
        _grouped_bars(ax, data, profiles,
                      [wrap_label(PROFILE_NAMES.get(str(p), str(p)), 14) for p in profiles],
                      colors or theme_colors(themes), theme_labels(themes))
        ax.set_xlabel(fr("chart.profiles.xlabel"))
        ax.set_ylabel(fr("chart.profiles.ylabel"))
        ax.set_title(fr("chart.profiles.title", method=METHOD_NAMES.get(method, method)))
        add_source(ax.figure, source)
    return ax


def plot_codebook_coverage(theme_by_session: pd.DataFrame, sessions: pd.DataFrame,
                           themes: pd.DataFrame, *, method: str = "codebook",
                           colors: Mapping[tuple[str, str], str] | None = None,
                           ax: Axes | None = None, source: str | None = None) -> Axes:
    """Grouped bars: for each session (programme order), the share of its segments coded with
    each theme of the researchers' codebook. Raises ``InvalidArgumentError`` when
    ``theme_by_session`` has no codebook theme."""
    require_columns(theme_by_session, "theme_by_session", ("theme", "method"))
    if method not in set(theme_by_session["method"].astype(str)):
        raise bad_value("method", method, sorted(set(theme_by_session["method"].astype(str))))
    ids = [s for s in session_order(sessions) if s in theme_by_session.columns]
    sl = session_labels(sessions)
    data = _method_rows(theme_by_session, method)
    with report_style():
        ax = new_axes(ax, (6.3, 3.8))
        _grouped_bars(ax, data, ids, [sl[s] for s in ids], colors or theme_colors(themes),
                      theme_labels(themes))
        ax.tick_params(axis="x", labelsize=8, rotation=30)
        for label in ax.get_xticklabels():
            label.set(ha="right", rotation_mode="anchor")
        ax.set_xlabel(fr("chart.session_axis"))
        ax.set_ylabel(fr("chart.session_share"))
        ax.set_title(fr("chart.codebook.title"))
        add_source(ax.figure, source)
    return ax
