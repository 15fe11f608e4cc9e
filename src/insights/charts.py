"""Report charts: one style, one colour per theme, French number formats.

Compute and draw are kept apart: each ``*_table`` / ``*_layout`` function returns a DataFrame, each
``plot_*`` function draws the tables of the library (``terms``, ``themes``, ``theme_by_session``,
``specificities``, ...) and returns a matplotlib ``Axes`` (when it draws one panel, ``ax=None``
creates a figure) or a ``Figure`` (grids). Every ``plot_*`` draws inside :func:`report_style`, so
the global rcParams are never changed; ``source`` (see :func:`source_line`) adds the line
« Atelier du 28/11/2019, n = 1 234 segments » under the figure. Saving is the report's job.
"""
from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from importlib import resources
from typing import Any

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from .errors import InvalidArgumentError, bad_value, require_columns
from .forms import is_active
from .reinert import class_top_terms
from .sessions import natural_key, session_order

#: narrow no-break space (thousands separator, before % ; ! ?) and no-break space (before :)
NNBSP = "\u202f"
NBSP = "\u00a0"

#: Paul Tol's "muted" qualitative scheme (colour-blind safe), then three of his "vibrant"
#: scheme unlike any muted colour, so that up to 12 themes of one method (the NMF default
#: range) each get their own colour, in order
THEME_PALETTE = ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77",
                 "#CC6677", "#882255", "#AA4499", "#EE7733", "#0077BB", "#555555")
#: Okabe-Ito (colour-blind safe) for what is not a theme: communities of the similarity graph
COMMUNITY_PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7",
                     "#F0E442", "#000000")
#: colour of what belongs to no theme
NEUTRAL = "#AAAAAA"
#: over- / under-used terms in specificity charts (Okabe-Ito blue and vermilion)
OVER, UNDER = "#0072B2", "#D55E00"
#: threshold of the banality band of specificity scores (|score| < 2 ~ p > 0.01)
BANALITY = 2.0
#: the order methods are shown in
METHOD_ORDER = ("nmf", "codebook", "reinert")
METHOD_NAMES = {"nmf": "NMF", "codebook": "grille de codage", "reinert": "classification Reinert"}

STYLE_FILE = "report.mplstyle"


# --------------------------------------------------------------------------- style and formats
@contextmanager
def report_style() -> Iterator[None]:
    """Apply the report style (``report.mplstyle`` shipped with the package) inside a ``with``
    block, restoring the caller's rcParams afterwards."""
    style = resources.files("insights").joinpath(STYLE_FILE)
    with resources.as_file(style) as path:
        with mpl.style.context(str(path)):
            try:
                yield
            finally:
                # a notebook backend switches interactive mode on when the first figure loads
                # it: that is the backend's setting, not the style's, and must survive
                interactive = mpl.is_interactive()
        mpl.interactive(interactive)


def format_number(value: float, *, decimals: int | None = None) -> str:
    """French number: ``1234.5 -> "1 234,5"`` (U+202F thousands separator, decimal comma,
    U+2212 minus). ``decimals=None`` keeps up to 6 decimals and drops trailing zeros."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    value = float(value)
    if decimals is None:
        text = f"{abs(value):,.6f}".rstrip("0").rstrip(".")
    else:
        if decimals < 0:
            raise bad_value("decimals", decimals, "an integer >= 0, or None")
        text = f"{abs(value):,.{decimals}f}"
    text = text.replace(",", NNBSP).replace(".", ",")
    negative = value < 0 and text.strip("0,\u202f") != ""
    return ("\u2212" if negative else "") + text


def format_percent(share: float, *, decimals: int = 0) -> str:
    """French percentage of a share in 0..1: ``0.123 -> "12 %"`` (U+202F before %)."""
    return f"{format_number(100 * float(share), decimals=decimals)}{NNBSP}%"


def french_formatter(*, decimals: int | None = None, percent: bool = False) -> FuncFormatter:
    """Tick formatter writing numbers (or shares in 0..1 as percentages) the French way."""
    if percent:
        return FuncFormatter(lambda x, _pos: format_percent(x, decimals=decimals or 0))
    return FuncFormatter(lambda x, _pos: format_number(x, decimals=decimals))


def format_date(value: Any) -> str:
    """``2019-11-28`` (ISO str, date or datetime) -> ``"28/11/2019"``; other text is returned
    unchanged."""
    if isinstance(value, (date, datetime)):
        return value.strftime("%d/%m/%Y")
    try:
        return date.fromisoformat(str(value)[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


def format_time(start: str) -> str:
    """``"09:30" -> "9 h 30"`` (French typography, no-break spaces); other text unchanged."""
    match = re.fullmatch(r"\s*(\d{1,2})[:hH](\d{2})\s*", str(start))
    if not match:
        return str(start)
    return f"{int(match.group(1))}{NBSP}h{NBSP}{match.group(2)}"


def source_line(meta: Mapping[str, Any], segments: pd.DataFrame | int) -> str:
    """The source line of every figure: ``"Atelier du 28/11/2019, n = 1 234 segments"`` from the
    event ``meta`` (its ``date``) and the segments table (or their number)."""
    n = segments if isinstance(segments, (int, np.integer)) else len(segments)
    when = format_date(meta.get("date", "")) if meta else ""
    head = f"Atelier du {when}" if when else "Atelier"
    return f"{head}, n{NBSP}={NBSP}{format_number(n, decimals=0)} segments"


def add_source(fig: Figure, text: str | None) -> None:
    """Write ``text`` in small grey letters under everything ``fig`` holds (axes, labels,
    legends), left-aligned; it is kept when the figure is saved with a tight box. Call it once
    the figure is complete."""
    if not text:
        return
    _ensure_canvas(fig)
    fig.draw_without_rendering()  # run the layout engine: positions are final
    box = fig.get_tightbbox()  # inches
    width, height = fig.get_size_inches()
    fig.text(max(box.x0, 0.0) / width, box.y0 / height - 0.04 / height, text, ha="left",
             va="top", fontsize=8, color="#555555", gid="source-line")
    # the line is placed from this layout: keep it (saving would lay the figure out again,
    # for the same positions, twice per format)
    from .render import freeze_layout

    freeze_layout(fig)


def figure_legend(fig: Figure, handles: list, *, ncols: int = 2, title: str | None = None):
    """A legend for the whole figure, centred under its panels: the layout keeps a band at the
    bottom for it, so it never covers an axis (nor the source line added below)."""
    _ensure_canvas(fig)
    legend = fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.0),
                        bbox_transform=fig.transFigure, ncols=ncols, title=title)
    # the legend's size does not depend on the layout: measured without drawing the figure
    height = legend.get_window_extent(fig.canvas.get_renderer()).height / fig.dpi + 0.08
    band = height / fig.get_figheight()
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):
        engine.set(rect=(0.0, band, 1.0, 1.0 - band))
    return legend


def _ensure_canvas(fig: Figure) -> None:
    if not hasattr(fig.canvas, "get_renderer"):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)


def _method_rank(method: str) -> tuple:
    return (METHOD_ORDER.index(method) if method in METHOD_ORDER else len(METHOD_ORDER), method)


def theme_colors(themes: pd.DataFrame) -> dict[tuple[str, str], str]:
    """One colour per theme, the same in every figure: ``{(method, theme): "#rrggbb"}``.

    Within each method, themes sorted by id in natural order (``nmf-2`` before ``nmf-10``) take
    the palette colours in turn, so the mapping depends only on the set of themes, not on row
    order. A method with more than 9 themes reuses colours. Raises ``InvalidArgumentError`` when
    ``themes`` lacks the ``theme`` or ``method`` column.
    """
    require_columns(themes, "themes", ("theme", "method"))
    out: dict[tuple[str, str], str] = {}
    pairs = {(str(m), str(t)) for m, t in zip(themes["method"], themes["theme"])}
    for method in sorted({m for m, _ in pairs}, key=_method_rank):
        ids = sorted((t for m, t in pairs if m == method), key=natural_key)
        for i, theme in enumerate(ids):
            out[(method, theme)] = THEME_PALETTE[i % len(THEME_PALETTE)]
    return out


def _split_terms(top_terms: Any) -> list[str]:
    if isinstance(top_terms, str):
        return [t for t in top_terms.split(";") if t]
    if top_terms is None or (isinstance(top_terms, float) and math.isnan(top_terms)):
        return []
    return [str(t) for t in top_terms]


def _default_method(themes: pd.DataFrame, method: str | None) -> str | None:
    methods = sorted(set(themes["method"].astype(str)), key=_method_rank)
    if method is None:
        return methods[0] if methods else None
    if method not in methods:
        raise bad_value("method", method, methods)
    return method


def _wrap(text: str, width: int = 28) -> str:
    return "\n".join(textwrap.wrap(str(text), width=width, break_long_words=False,
                                   break_on_hyphens=False)) or str(text)


def session_labels(sessions: pd.DataFrame, *, with_time: bool = True) -> dict[str, str]:
    """``{session id: "Title (9 h 30)"}`` (or just the title) in programme order."""
    require_columns(sessions, "sessions", ("session", "title", "start"))
    rows = {str(r.session): r for r in sessions.itertuples(index=False)}
    return {s: (f"{rows[s].title} ({format_time(rows[s].start)})" if with_time
                else str(rows[s].title))
            for s in session_order(sessions)}


def _new_ax(ax: Axes | None, figsize: tuple[float, float] | None = None) -> Axes:
    if ax is not None:
        return ax
    fig = plt.figure(figsize=figsize) if figsize else plt.figure()
    return fig.add_subplot()


def _theme_labels(themes: pd.DataFrame) -> dict[tuple[str, str], str]:
    return {(str(m), str(t)): str(lab) for m, t, lab in
            zip(themes["method"], themes["theme"], themes.get("label", themes["theme"]))}


# --------------------------------------------------------------------------- top terms
def top_terms_table(terms: pd.DataFrame, *, n: int = 20) -> pd.DataFrame:
    """The ``n`` most frequent active terms (ties: more segments first, then alphabetical),
    most frequent first; columns of ``terms``. Supplementary forms (``form`` other than
    ``active``, see :mod:`insights.forms`) are left out."""
    require_columns(terms, "terms", ("term", "frequency"))
    if n < 1:
        raise bad_value("n", n, "an integer >= 1")
    terms = terms.loc[is_active(terms)]
    keys = ["frequency", "term"]
    if "segments" in terms.columns:
        keys = ["frequency", "segments", "term"]
    asc = [False] * (len(keys) - 1) + [True]
    return terms.sort_values(keys, ascending=asc, kind="mergesort").head(n).reset_index(drop=True)


def term_theme_table(themes: pd.DataFrame, *, method: str | None = None) -> pd.DataFrame:
    """For one method (default: the first of nmf, codebook, reinert present), which theme each
    top term belongs to: columns ``term``, ``method``, ``theme``, ``label``, ``rank``. A term
    in several themes goes to the one where it ranks best (ties: theme id order)."""
    require_columns(themes, "themes", ("theme", "method", "top_terms"))
    method = _default_method(themes, method)
    rows = []
    for r in themes[themes["method"].astype(str) == str(method)].itertuples(index=False):
        for rank, term in enumerate(_split_terms(r.top_terms)):
            label = str(getattr(r, "label", r.theme))
            rows.append((term, str(r.method), str(r.theme), label, rank))
    table = pd.DataFrame(rows, columns=["term", "method", "theme", "label", "rank"])
    if table.empty:
        return table
    table["_key"] = table["theme"].map(natural_key)
    table = table.sort_values(["term", "rank", "_key"], kind="mergesort")
    return table.drop_duplicates("term").drop(columns="_key").reset_index(drop=True)


def term_colors(themes: pd.DataFrame, *, method: str | None = None,
                colors: Mapping[tuple[str, str], str] | None = None) -> dict[str, str]:
    """``{term: colour}``: a term takes the colour of the theme (of ``method``) whose top terms
    contain it; terms of no theme are absent (draw them in :data:`NEUTRAL`)."""
    colors = colors or theme_colors(themes)
    table = term_theme_table(themes, method=method)
    return {r.term: colors.get((r.method, r.theme), NEUTRAL) for r in table.itertuples()}


def plot_top_terms(terms: pd.DataFrame, *, n: int = 20, themes: pd.DataFrame | None = None,
                   method: str | None = None, colors: Mapping[tuple[str, str], str] | None = None,
                   ax: Axes | None = None, source: str | None = None) -> Axes:
    """Horizontal bars of the ``n`` most frequent active terms; with ``themes``, each bar takes the
    colour of its theme (of ``method``) and the legend names the themes."""
    table = top_terms_table(terms, n=n)
    with report_style():
        ax = _new_ax(ax, (6.3, max(2.6, 0.22 * len(table) + 1.2)))
        bar_colors = [OVER] * len(table)
        handles = [Patch(color=OVER, label="Occurrences du terme")]
        if themes is not None and not themes.empty:
            tt = term_theme_table(themes, method=method)
            colors = colors or theme_colors(themes)
            by_term = {r.term: ((r.method, r.theme), r.label) for r in tt.itertuples()}
            bar_colors = [colors.get(by_term[t][0], NEUTRAL) if t in by_term else NEUTRAL
                          for t in table["term"]]
            shown = sorted({by_term[t] for t in table["term"] if t in by_term},
                           key=lambda kv: natural_key(kv[0][1]))
            handles = [Patch(color=colors.get(k, NEUTRAL), label=_wrap(lab, 30))
                       for k, lab in shown]
            handles.append(Patch(color=NEUTRAL, label="Hors des thèmes"))
        y = np.arange(len(table))[::-1]
        ax.barh(y, table["frequency"], color=bar_colors, height=0.72)
        ax.set_yticks(y, table["term"])
        for yi, f in zip(y, table["frequency"]):
            ax.text(f, yi, f" {format_number(f, decimals=0)}", va="center", fontsize=8)
        ax.set_xlabel("Nombre d’occurrences")
        ax.set_ylabel("Terme")
        ax.xaxis.set_major_formatter(french_formatter(decimals=0))
        ax.set_xlim(0, float(table["frequency"].max() or 1) * 1.12)
        ax.set_title(f"Les {len(table)} termes les plus fréquents")
        title = f"Thèmes ({METHOD_NAMES.get(str(_default_method(themes, method)), method)})" \
            if themes is not None and not themes.empty else None
        ax.legend(handles=handles, loc="lower right", title=title)
        add_source(ax.figure, source)
    return ax


# --------------------------------------------------------------------------- word clouds
def _frequencies(frequencies: Any) -> dict[str, float]:
    if isinstance(frequencies, pd.DataFrame):
        require_columns(frequencies, "frequencies", ("term", "frequency"))
        frequencies = frequencies.loc[is_active(frequencies)]  # no supplementary form
        pairs = zip(frequencies["term"], frequencies["frequency"])
    elif isinstance(frequencies, pd.Series):
        pairs = frequencies.items()
    elif isinstance(frequencies, Mapping):
        pairs = frequencies.items()
    else:
        raise InvalidArgumentError(
            f"`frequencies` must be a terms DataFrame (term, frequency), a Series or a dict, "
            f"got {type(frequencies).__name__}")
    return {str(t): float(f) for t, f in pairs if pd.notna(t) and pd.notna(f) and f > 0}


def _french_stopwords() -> frozenset[str]:
    from .french import stop_words  # the language data only, no model nor tokenizer loaded

    return stop_words()


def _font_path() -> str:
    from matplotlib import font_manager

    return font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"))


def wordcloud_image(frequencies: Any, *, word_colors: Mapping[str, str] | None = None,
                    max_words: int = 80, width: int = 1260, height: int = 640,
                    random_state: int = 0) -> np.ndarray:
    """RGB array of the word cloud of ``frequencies`` (terms DataFrame, Series or dict), French
    stop words and supplementary forms (a DataFrame's ``form`` other than ``active``) removed, words coloured from ``word_colors`` (else grey). Raises
    ``InvalidArgumentError`` when no word is left to draw."""
    from wordcloud import WordCloud

    stop = _french_stopwords()
    freqs = {t: f for t, f in _frequencies(frequencies).items() if t.lower() not in stop}
    if not freqs:
        raise InvalidArgumentError("`frequencies` has no term left to draw once French stop "
                                   "words are removed; give at least one content term")
    word_colors = dict(word_colors or {})
    cloud = WordCloud(width=width, height=height, background_color="white", max_words=max_words,
                      random_state=random_state, font_path=_font_path(), prefer_horizontal=0.9,
                      collocations=False, normalize_plurals=False, margin=4,
                      color_func=lambda word, **_: word_colors.get(word, NEUTRAL))
    cloud.generate_from_frequencies(freqs)
    return cloud.to_array()


def _theme_handles(themes: pd.DataFrame | None, method: str | None,
                   colors: dict | None, *, width: int) -> list[Patch]:
    """Legend patches of word clouds: one per theme of ``method`` (in natural id order) in its
    colour, then the grey of words outside every theme."""
    handles = []
    if themes is not None and not themes.empty:
        colors = colors or theme_colors(themes)
        sel = themes[themes["method"].astype(str) == str(_default_method(themes, method))]
        for r in sorted(sel.itertuples(index=False), key=lambda r: natural_key(r.theme)):
            handles.append(Patch(color=colors.get((str(r.method), str(r.theme)), NEUTRAL),
                                 label=_wrap(getattr(r, "label", r.theme), width)))
    handles.append(Patch(color=NEUTRAL, label="Hors des thèmes"))
    return handles


def plot_wordcloud(frequencies: Any, *, themes: pd.DataFrame | None = None,
                   method: str | None = None,
                   colors: Mapping[tuple[str, str], str] | None = None, random_state: int = 0,
                   max_words: int = 80, title: str = "Nuage des termes de la journée",
                   legend: bool = True, ax: Axes | None = None,
                   source: str | None = None) -> Axes:
    """Word cloud of ``frequencies`` (a terms DataFrame, a Series or a dict term -> count);
    with ``themes``, a word takes the colour of the theme (of ``method``) whose top terms
    contain it, else grey, and the legend names the themes; without, every word takes the
    colour of the top-terms bars. Fixed ``random_state``."""
    word_colors = term_colors(themes, method=method, colors=colors) \
        if themes is not None and not themes.empty else \
        {term: OVER for term in _frequencies(frequencies)}
    image = wordcloud_image(frequencies, word_colors=word_colors, max_words=max_words,
                            random_state=random_state)
    with report_style():
        ax = _new_ax(ax, (6.3, 3.9))
        ax.imshow(image, interpolation="bilinear")
        ax.set_axis_off()
        ax.set_title(title)
        if legend:
            handles = _theme_handles(themes, method, colors, width=26)
            ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0),
                      title="Couleur = thème", fontsize=8)
        add_source(ax.figure, source)
    return ax


def session_term_frequencies(tokens: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """Occurrences of each active term in each session: columns ``session``, ``term``,
    ``frequency`` (sorted by session then frequency desc, term); supplementary forms are left
    out."""
    require_columns(tokens, "tokens", ("segment_id", "term"))
    require_columns(segments, "segments", ("segment_id", "session"))
    counted = tokens.loc[tokens["term"].notna() & is_active(tokens), ["segment_id", "term"]]
    counted = counted.merge(segments[["segment_id", "session"]], on="segment_id", how="inner")
    out = counted.groupby(["session", "term"]).size().rename("frequency").reset_index()
    out["term"] = out["term"].astype(str)
    return out.sort_values(["session", "frequency", "term"], ascending=[True, False, True],
                           kind="mergesort").reset_index(drop=True)


def plot_wordclouds_by_session(tokens: pd.DataFrame, segments: pd.DataFrame,
                               sessions: pd.DataFrame, *, themes: pd.DataFrame | None = None,
                               method: str | None = None,
                               colors: Mapping[tuple[str, str], str] | None = None,
                               max_words: int = 40, ncols: int = 2, random_state: int = 0,
                               source: str | None = None) -> Figure:
    """A grid of word clouds, one per session in programme order (sessions without any term
    show « aucun terme »), coloured by theme as :func:`plot_wordcloud`."""
    freqs = session_term_frequencies(tokens, segments)
    labels = session_labels(sessions, with_time=False)
    starts = dict(zip(sessions["session"].astype(str), sessions["start"]))
    word_colors = term_colors(themes, method=method, colors=colors) \
        if themes is not None and not themes.empty else {}
    n = len(labels)
    nrows = max(1, math.ceil(n / ncols))
    with report_style():
        fig = plt.figure(figsize=(6.3, 1.75 * nrows + 0.9))
        axes = fig.subplots(nrows, ncols, squeeze=False)
        for ax, (sid, title) in zip(axes.flat, labels.items()):
            part = freqs[freqs["session"].astype(str) == sid]
            ax.set_title(f"{title} ({format_time(starts[sid])})", fontsize=9)
            ax.set_axis_off()
            try:
                image = wordcloud_image(part, word_colors=word_colors, max_words=max_words,
                                        width=600, height=320, random_state=random_state)
                ax.imshow(image, interpolation="bilinear")
            except InvalidArgumentError:
                ax.text(0.5, 0.5, "aucun terme", ha="center", va="center", color="#555555",
                        transform=ax.transAxes)
        for ax in list(axes.flat)[n:]:
            ax.set_visible(False)
        fig.suptitle("Nuages des termes, session par session", x=0.02, ha="left",
                     fontweight="bold", fontsize=10)
        handles = _theme_handles(themes, method, colors, width=24)
        figure_legend(fig, handles, ncols=min(3, len(handles)), title="Couleur = thème")
        add_source(fig, source)
    return fig


# --------------------------------------------------------------------------- themes x sessions
def theme_session_table(theme_by_session: pd.DataFrame, sessions: pd.DataFrame,
                        themes: pd.DataFrame, *, method: str | None = None) -> pd.DataFrame:
    """Long table of theme shares by session, themes in natural id order within methods,
    sessions in programme order: columns ``method``, ``theme``, ``label``, ``session``,
    ``title``, ``start``, ``order``, ``share``. ``method=None`` keeps every method."""
    require_columns(theme_by_session, "theme_by_session", ("theme", "method"))
    require_columns(sessions, "sessions", ("session", "title", "start"))
    order = session_order(sessions)
    ids = [s for s in order if s in theme_by_session.columns]
    data = theme_by_session.copy()
    data["method"] = data["method"].astype(str)
    data["theme"] = data["theme"].astype(str)
    if method is not None:
        if method not in set(data["method"]):
            raise bad_value("method", method, sorted(set(data["method"]), key=_method_rank))
        data = data[data["method"] == method]
    long = data.melt(id_vars=["theme", "method"], value_vars=ids, var_name="session",
                     value_name="share")
    labels = _theme_labels(themes) if themes is not None else {}
    long["label"] = [labels.get((m, t), t) for m, t in zip(long["method"], long["theme"])]
    info = sessions.assign(session=sessions["session"].astype(str)).set_index("session")
    info = info.loc[order].reset_index()
    info["order"] = range(len(info))
    long = long.merge(info[["session", "title", "start", "order"]], on="session", how="left")
    long["_m"] = long["method"].map(_method_rank)
    long["_t"] = long["theme"].map(natural_key)
    long = long.sort_values(["_m", "_t", "order"], kind="mergesort")
    long["share"] = long["share"].astype(float).fillna(0.0)
    return long[["method", "theme", "label", "session", "title", "start", "order", "share"]] \
        .reset_index(drop=True)


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
        ax = _new_ax(ax, (6.3, max(3.2, 0.42 * len(rows) + 2.0)))
        vmax = max(float(np.nanmax(grid)) if grid.size else 0.0, 0.05)
        image = ax.imshow(grid, aspect="auto", cmap="cividis_r" if False else "YlGnBu",
                          vmin=0.0, vmax=vmax)
        for i in range(grid.shape[0]):
            for j in range(grid.shape[1]):
                v = grid[i, j]
                ax.text(j, i, format_percent(v), ha="center", va="center", fontsize=8,
                        color="white" if v > 0.6 * vmax else "#222222")
        sl = session_labels(sessions)
        ax.set_xticks(range(len(cols)), [sl[c] for c in cols], fontsize=8, rotation=30,
                      ha="right", rotation_mode="anchor")
        ylabels = [_wrap(labels[k] + (f" ({METHOD_NAMES.get(k[0], k[0])})" if several else ""), 30)
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
        ax.set_xlabel(xlabel or "Session (dans l’ordre du programme)")
        ax.set_ylabel("Thème")
        name = METHOD_NAMES.get(method, method) if method else "tous les thèmes"
        ax.set_title(title or f"Les thèmes session par session ({name})")
        bar = ax.figure.colorbar(image, ax=ax, shrink=0.9, pad=0.02,
                                 format=french_formatter(percent=True))
        bar.set_label("Part des segments")
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
    titles on the top axis. ``day`` is the event date (only used to build the time axis)."""
    method = _default_method(theme_by_session, method)
    long = theme_session_table(theme_by_session, sessions, themes, method=method)
    colors = colors or theme_colors(themes)
    when = _session_datetimes(sessions, day)
    long["time"] = long["session"].map(when)
    with report_style():
        owned = ax is None
        ax = _new_ax(ax, (6.3, 4.2))
        for (m, t), part in long.groupby(["method", "theme"], sort=False):
            ax.plot(part["time"], part["share"], marker="o", color=colors.get((m, t), NEUTRAL),
                    label=_wrap(part["label"].iloc[0], 26))
        times = sorted(when.values())
        first = times[0].replace(minute=0)
        last = times[-1].replace(minute=0) + pd.Timedelta(hours=1)
        ax.set_xlim(first, last)
        ax.xaxis.set_major_locator(mdates.HourLocator())
        ax.xaxis.set_minor_locator(mdates.MinuteLocator(byminute=[30]))
        ax.xaxis.set_major_formatter(FuncFormatter(
            lambda x, _p: f"{mdates.num2date(x).hour}{NBSP}h"))
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
        ax.set_xlabel("Heure de la journée (un point = le début d’une session)")
        ax.set_ylabel("Part des segments de la session")
        ax.set_title(f"Les thèmes au fil de la journée ({METHOD_NAMES.get(method, method)})",
                     pad=10, loc="left")
        legend = ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="Thème")
        if owned:
            _fit_timeline_height(ax.figure, ax, top, legend)
        add_source(ax.figure, source)
    return ax


def _fit_timeline_height(fig: Figure, ax: Axes, top: Axes, legend: Any) -> None:
    """Make the timeline's figure tall enough for its content: the session titles above the
    axes and the legend beside them (hung from the top of the axes) leave the axes at least
    2.4 inches high, whatever the number of sessions and themes (with eight long Reinert
    class names the fixed 4.2 inches collapsed the axes to a strip)."""
    _ensure_canvas(fig)
    renderer = fig.canvas.get_renderer()
    dpi = fig.dpi
    titles = top.get_tightbbox(renderer)
    top_band = titles.height / dpi if titles is not None else 0.0
    legend_h = legend.get_window_extent(renderer).height / dpi
    # title and its pad above the session names; x tick labels and x label under the axes
    above, below = 0.45 + top_band, 0.65
    axes_h = max(2.4, legend_h - below + 0.1)
    fig.set_figheight(max(4.2, above + axes_h + below))


# --------------------------------------------------------------------------- grouped bars
def _grouped_bars(ax: Axes, data: pd.DataFrame, groups: Sequence[str],
                  group_labels: Sequence[str], colors: Mapping[tuple[str, str], str],
                  labels: Mapping[tuple[str, str], str]) -> None:
    rows = list(zip(data["method"].astype(str), data["theme"].astype(str)))
    width = 0.8 / max(1, len(rows))
    x = np.arange(len(groups))
    for i, key in enumerate(rows):
        values = data.iloc[i][list(groups)].astype(float).fillna(0.0).to_numpy()
        ax.bar(x - 0.4 + width * (i + 0.5), values, width=width * 0.95,
               color=colors.get(key, NEUTRAL), label=_wrap(labels.get(key, key[1]), 26))
    ax.set_xticks(x, group_labels)
    ax.yaxis.set_major_formatter(french_formatter(percent=True))
    ax.grid(axis="y")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="Thème")


def _method_rows(table: pd.DataFrame, method: str) -> pd.DataFrame:
    part = table[table["method"].astype(str) == method].copy()
    part["_k"] = part["theme"].astype(str).map(natural_key)
    return part.sort_values("_k", kind="mergesort").drop(columns="_k").reset_index(drop=True)


PROFILE_NAMES = {"": "Sans profil"}


def plot_themes_by_profile(theme_by_profile: pd.DataFrame, themes: pd.DataFrame, *,
                           method: str | None = None,
                           colors: Mapping[tuple[str, str], str] | None = None,
                           ax: Axes | None = None, source: str | None = None) -> Axes:
    """Grouped bars: for each participant profile (élu·e, agent·e, animateur·rice,
    explorateur·rice, …), the share of its segments carrying each theme of ``method``."""
    require_columns(theme_by_profile, "theme_by_profile", ("theme", "method"))
    method = _default_method(theme_by_profile, method)
    profiles = [c for c in theme_by_profile.columns if c not in ("theme", "method")]
    data = _method_rows(theme_by_profile, method)
    with report_style():
        ax = _new_ax(ax, (6.3, 3.6))
        _grouped_bars(ax, data, profiles,
                      [_wrap(PROFILE_NAMES.get(str(p), str(p)), 14) for p in profiles],
                      colors or theme_colors(themes), _theme_labels(themes))
        ax.set_xlabel("Profil des participants")
        ax.set_ylabel("Part des segments du profil")
        ax.set_title(f"Les thèmes selon le profil ({METHOD_NAMES.get(method, method)})")
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
        ax = _new_ax(ax, (6.3, 3.8))
        _grouped_bars(ax, data, ids, [sl[s] for s in ids], colors or theme_colors(themes),
                      _theme_labels(themes))
        ax.tick_params(axis="x", labelsize=8, rotation=30)
        for label in ax.get_xticklabels():
            label.set(ha="right", rotation_mode="anchor")
        ax.set_xlabel("Session (dans l’ordre du programme)")
        ax.set_ylabel("Part des segments de la session")
        ax.set_title("Couverture de la grille de codage, session par session")
        add_source(ax.figure, source)
    return ax


# --------------------------------------------------------------------------- specificities
def top_specificities(specificities: pd.DataFrame, *, variable: str = "session",
                      value: str | None = None, n: int = 10) -> pd.DataFrame:
    """The ``n`` most over-used (highest score) and ``n`` most under-used (lowest negative
    score) terms of part ``value`` of ``variable``, sorted by score descending. Columns of
    ``specificities``. Raises ``InvalidArgumentError`` for an unknown variable or value."""
    require_columns(specificities, "specificities", ("variable", "value", "term", "score"))
    if n < 1:
        raise bad_value("n", n, "an integer >= 1")
    variables = sorted(set(specificities["variable"].astype(str)))
    if variable not in variables:
        raise bad_value("variable", variable, variables)
    part = specificities[specificities["variable"].astype(str) == variable]
    values = list(dict.fromkeys(part["value"].astype(str)))
    if value is None:
        value = values[0]
    if str(value) not in values:
        raise bad_value("value", value, values)
    part = part[part["value"].astype(str) == str(value)]
    pos = part[part["score"] > 0].sort_values(["score", "term"], ascending=[False, True],
                                              kind="mergesort").head(n)
    neg = part[part["score"] < 0].sort_values(["score", "term"], ascending=[True, True],
                                              kind="mergesort").head(n)
    return pd.concat([pos, neg.iloc[::-1]]).reset_index(drop=True)


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
    Patch(color=OVER, label="Terme sur-employé (score > 0)"),
    Patch(color=UNDER, label="Terme sous-employé (score < 0)"),
    Patch(facecolor="#E6E6E6", edgecolor="#AAAAAA",
          label=f"Zone de banalité (|score|{NBSP}<{NBSP}2)"),
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
        ax = _new_ax(ax, (6.3, max(2.6, 0.2 * len(table) + 1.4)))
        _draw_specificities(ax, table)
        ax.set_xlabel("Score de spécificité (signé)")
        ax.set_ylabel("Terme")
        ax.set_title(f"Termes spécifiques : {value_label or value}".replace(" :", f"{NBSP}:"))
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
    name = {"session": "session", "profile": "profil", "event": "atelier"}.get(variable,
                                                                              variable)
    if part.empty:
        present = ", ".join(sorted(set(specificities["variable"].astype(str)))) or "aucune"
        with report_style():
            fig = plt.figure(figsize=(6.3, 1.6))
            fig.text(0.02, 0.8, f"Termes spécifiques de chaque {name}", fontweight="bold",
                     fontsize=10)
            fig.text(0.02, 0.45, f"Aucune valeur de « {variable} » dans ces données "
                     f"(variables présentes : {present}).".replace("« ", f"«{NBSP}")
                     .replace(" »", f"{NBSP}»").replace(" :", f"{NBSP}:"), fontsize=9)
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
            ax.set_title(_wrap(PROFILE_NAMES.get(v, labels.get(v, v)), 34), fontsize=9)
        for ax in axes[-1]:
            ax.set_xlabel("Score de spécificité")
        for ax in list(axes.flat)[len(values):]:
            ax.set_visible(False)
        fig.suptitle(f"Termes spécifiques de chaque {name}", x=0.02, ha="left",
                     fontweight="bold", fontsize=10)
        figure_legend(fig, list(SPEC_HANDLES), ncols=2)
        add_source(fig, source)
    return fig


# --------------------------------------------------------------------------- similarity graph
def similarity_layout(graph: nx.Graph, *, random_state: int = 0) -> pd.DataFrame:
    """Node positions of the similarity tree: columns ``term``, ``x``, ``y`` (in 0..1),
    ``frequency``, ``community``. Kamada-Kawai per connected component (deterministic;
    ``random_state`` only breaks ties of the initial circle), components side by side."""
    if not isinstance(graph, nx.Graph):
        raise InvalidArgumentError(f"`graph` must be a networkx Graph, got {type(graph).__name__}")
    rows = []
    comps = sorted((sorted(map(str, c)) for c in nx.connected_components(graph)),
                   key=lambda c: (-len(c), c))
    offset = 0.0
    rng = np.random.default_rng(random_state)
    for comp in comps:
        sub = graph.subgraph([n for n in graph.nodes if str(n) in set(comp)])
        nodes = sorted(sub.nodes, key=str)
        if len(nodes) == 1:
            pos = {nodes[0]: np.array([0.0, 0.0])}
        else:
            start = nx.circular_layout(nodes)
            jitter = {n: start[n] + rng.normal(0, 1e-3, 2) for n in nodes}
            pos = nx.kamada_kawai_layout(sub, pos=jitter, weight=None)
        xy = np.array([pos[n] for n in nodes], dtype=float)
        xy -= xy.min(axis=0)
        scale = float(xy.max()) or 1.0
        xy = xy / scale
        width = max(float(xy[:, 0].max()), 0.15)
        for n, (x, y) in zip(nodes, xy):
            rows.append((str(n), x + offset, y, float(graph.nodes[n].get("frequency", 1)),
                         graph.nodes[n].get("community", 0)))
        offset += width + 0.15
    out = pd.DataFrame(rows, columns=["term", "x", "y", "frequency", "community"])
    if len(out) and out["x"].max() > 0:
        out["x"] = out["x"] / out["x"].max()
    return out


def _spread_labels(ax: Axes, texts: list, *, iterations: int = 60) -> None:
    """Push overlapping labels apart (vertically, then horizontally), in display space.

    Each label's box is measured once: moving a label only translates its box, so the pairs
    are compared on plain numbers, and the labels are moved once at the end."""
    fig = ax.figure
    _ensure_canvas(fig)
    fig.draw_without_rendering()  # run the layout engine first: positions are final
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
        ax = _new_ax(ax, (6.3, 6.0))
        if layout.empty:
            ax.text(0.5, 0.5, "graphe vide", ha="center", va="center", transform=ax.transAxes)
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
                          label=f"Communauté {c}") for c in communities]
        handles.append(Line2D([], [], color="#9A9A9A", linewidth=3,
                              label="Cooccurrence (épaisseur)"))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), title="Légende")
        ax.set_title("Graphe de similitude des termes (arbre maximal des cooccurrences)")
        ax.text(0.0, -0.02, "Taille du mot = fréquence du terme", transform=ax.transAxes,
                fontsize=8, color="#555555", va="top")
        _spread_labels(ax, texts)
        add_source(ax.figure, source)
    return ax


# --------------------------------------------------------------------------- Reinert dendrogram
def dendrogram_layout(tree: pd.DataFrame, class_sizes: pd.Series | Mapping | None = None
                      ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Positions of the Reinert classification tree.

    ``tree`` has one row per split (``split``, ``parent``, ``left``, ``right``, ``chi2``, as
    ``insights.reinert.Reinert.tree_``): split ``split`` cuts node ``parent`` into nodes ``left``
    and ``right``; a child node cut later is an inner node, else a terminal class, numbered by
    the optional ``left_class`` / ``right_class`` columns (else by its node id). Returns
    ``(nodes, links)``: ``nodes`` has ``node`` ("split-<k>" or "class-<id>"), ``kind``
    ("split"/"class"), ``class`` (terminal class number or <NA>), ``x`` (terminal classes 0, 1,
    … in tree order), ``y`` (chi2 of the split, raised to its highest sub-split so the tree
    reads top-down; 0 for classes), ``size`` (segments of the class from ``class_sizes``, or
    units split for a split); ``links`` has ``x0, y0, x1, y1`` of the elbow segments.
    Raises ``InvalidArgumentError`` for a tree without split or without its columns.
    """
    require_columns(tree, "tree", ("split", "parent", "left", "right", "chi2"))
    if tree.empty:
        raise InvalidArgumentError("`tree` has no split; nothing to draw")
    rows = tree.sort_values("split", kind="mergesort").reset_index(drop=True)
    sizes = {}
    if class_sizes is not None:
        sizes = {int(k): int(v) for k, v in dict(class_sizes).items()
                 if pd.notna(k) and pd.notna(v) and int(k) >= 0}

    def child(row_idx: int, side: str) -> tuple[str, int]:
        node = int(rows.at[row_idx, side])
        later = rows.index[(rows.index > row_idx) & (rows["parent"] == node)]
        if len(later):
            return "split", int(later[0])
        number = rows.at[row_idx, f"{side}_class"] if f"{side}_class" in rows.columns else node
        return "class", int(node if pd.isna(number) else number)

    xs: dict = {}
    ys: dict = {}
    links: list = []
    counter = [0]

    def place(kind: str, key: int) -> tuple[float, float]:
        if kind == "class":
            xs[("class", key)] = float(counter[0])
            ys[("class", key)] = 0.0
            counter[0] += 1
            return xs[("class", key)], 0.0
        placed = [place(*child(key, "left")), place(*child(key, "right"))]
        y = max([float(rows.at[key, "chi2"])] + [p[1] for p in placed])
        x = (placed[0][0] + placed[1][0]) / 2
        for (cx, cy) in placed:
            links.append((cx, cy, cx, y))
        links.append((placed[0][0], y, placed[1][0], y))
        xs[("split", key)], ys[("split", key)] = x, y
        return x, y

    place("split", 0)
    node_rows = []
    for (kind, key), x in xs.items():
        if kind == "class":
            node_rows.append((f"class-{key}", kind, key, x, ys[(kind, key)], sizes.get(key)))
        else:
            size = int(rows.at[key, "size"]) if "size" in rows.columns else None
            node_rows.append((f"split-{int(rows.at[key, 'split'])}", kind, pd.NA, x,
                              ys[(kind, key)], size))
    nodes = pd.DataFrame(node_rows, columns=["node", "kind", "class", "x", "y", "size"])
    nodes["class"] = nodes["class"].astype("Int64")
    nodes["size"] = nodes["size"].astype("Int64")
    nodes = nodes.sort_values(["kind", "x"], kind="mergesort").reset_index(drop=True)
    return nodes, pd.DataFrame(links, columns=["x0", "y0", "x1", "y1"])


def _readable(color: str) -> str:
    """Text colour for a theme colour: the light ones are swapped for dark grey."""
    return "#333333" if color in ("#DDCC77", "#88CCEE", "#F0E442", NEUTRAL) else color


def plot_dendrogram(tree: pd.DataFrame, class_sizes: pd.Series | Mapping | None,
                    profiles: pd.DataFrame, *, n_terms: int = 5,
                    colors: Mapping[tuple[str, str], str] | None = None,
                    leaf_name: str = "Classe", legend: Mapping[str, str] | None = None,
                    title: str = "Classification descendante hiérarchique (méthode Reinert)",
                    ax: Axes | None = None, source: str | None = None) -> Axes:
    """Dendrogram of the Reinert classification, drawn sideways (root on the left): split
    heights = chi2 of the splits (x axis), each terminal class (a row) with its size and its
    ``n_terms`` most characteristic terms, in the colour of theme ``reinert-<class>``
    (``colors`` from :func:`theme_colors`). ``leaf_name`` names the leaves; ``legend``
    (label -> colour) replaces the default legend (one entry per leaf)."""
    nodes, links = dendrogram_layout(tree, class_sizes)
    words = class_top_terms(profiles, n_terms=n_terms)
    leaves = nodes[nodes["kind"] == "class"]
    if colors is None:
        fake = pd.DataFrame({"theme": [f"reinert-{c}" for c in leaves["class"]],
                             "method": "reinert"})
        colors = theme_colors(fake)
    n = len(leaves)
    with report_style():
        ax = _new_ax(ax, (6.3, 0.55 * n + 1.6))
        for r in links.itertuples(index=False):  # layout x -> row, layout y -> chi2
            ax.plot([r.y0, r.y1], [r.x0, r.x1], color="#555555", linewidth=1.2)
        top = float(nodes["y"].max()) or 1.0
        handles = []
        for r in leaves.itertuples(index=False):
            cls = int(r[2])
            c = colors.get(("reinert", f"reinert-{cls}"), NEUTRAL)
            ax.scatter([0], [r.x], s=80, color=c, zorder=3, marker="s", clip_on=False)
            size = "" if pd.isna(r.size) else \
                f" ({format_number(r.size, decimals=0)}{NBSP}segments)"
            terms = _wrap(", ".join(words.get(cls, [])), 46)
            ax.annotate(f"{leaf_name} {cls}{size}", (0, r.x), xytext=(10, 1),
                        textcoords="offset points", ha="left", va="bottom", fontsize=8,
                        fontweight="bold", color="#222222", annotation_clip=False)
            ax.annotate(terms, (0, r.x), xytext=(10, -1), textcoords="offset points",
                        ha="left", va="top", fontsize=8, color=_readable(c),
                        annotation_clip=False)
            handles.append(Patch(color=c, label=f"{leaf_name} {cls}"))
        for r in nodes[nodes["kind"] == "split"].itertuples(index=False):
            ax.annotate(format_number(r.y, decimals=1), (r.y, r.x), xytext=(-3, 3),
                        textcoords="offset points", ha="right", va="bottom", fontsize=8,
                        color="#555555")
        ax.set_xlim(top * 1.3, 0)  # room for the root split label
        ax.set_ylim(n - 0.4, -0.6)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.xaxis.set_major_formatter(french_formatter())
        ax.set_xlabel("χ² de la partition (hauteur de la coupure)")
        ax.set_ylabel(f"{leaf_name}s terminales" if leaf_name.endswith("e") else
                      f"{leaf_name}s terminaux")
        ax.set_title(title)
        if legend is not None:
            handles = [Patch(color=col, label=lab) for lab, col in legend.items()]
        figure_legend(ax.figure, handles, ncols=min(4, max(1, len(handles))))
        add_source(ax.figure, source)
    return ax


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
            n = f" (n{NBSP}={NBSP}{format_number(sizes[c], decimals=0)} segments)" \
                if c in sizes else ""
            ax.set_title(f"Classe {c}{n}", fontsize=9)
        for ax in axes[-1]:
            ax.set_xlabel("χ² d’association à la classe")
        for ax in list(axes.flat)[len(classes):]:
            ax.set_visible(False)
        fig.suptitle("Profils des classes Reinert : termes les plus caractéristiques"
                     .replace(" :", f"{NBSP}:"), x=0.02, ha="left", fontweight="bold",
                     fontsize=10)
        figure_legend(fig, [Patch(color=colors.get(("reinert", f"reinert-{c}"), NEUTRAL),
                                  label=f"Classe {c}") for c in classes],
                      ncols=min(6, len(classes)), title="Classe")
        add_source(fig, source)
    return fig


__all__ = [
    "BANALITY", "NBSP", "NNBSP", "THEME_PALETTE", "add_source", "class_top_terms",
    "dendrogram_layout", "figure_legend", "format_date", "format_number", "format_percent",
    "format_time", "french_formatter", "plot_class_profiles", "plot_codebook_coverage",
    "plot_dendrogram", "plot_similarity_graph", "plot_specificities",
    "plot_specificities_grid", "plot_theme_heatmap", "plot_themes_by_profile", "plot_timeline",
    "plot_top_terms", "plot_wordcloud", "plot_wordclouds_by_session", "report_style",
    "session_labels", "session_term_frequencies", "similarity_layout", "source_line",
    "term_colors", "term_theme_table", "theme_colors", "theme_session_table",
    "top_specificities", "top_terms_table", "wordcloud_image",
]
