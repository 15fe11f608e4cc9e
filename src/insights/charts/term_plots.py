"""Charts of the terms: the most frequent terms as bars, and word clouds (of the day, and one
per session), coloured by theme."""
from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..errors import InvalidArgumentError, check_int
from ..messages_fr import fr
from ..sessions import natural_key
from .colors import NEUTRAL, OVER, term_colors, theme_colors
from .figure import add_source, figure_legend, new_axes, report_style
from .tables import (
    METHOD_NAMES,
    cloud_frequencies,
    default_method,
    session_labels,
    session_term_frequencies,
    term_theme_table,
    top_terms_table,
)
from .typography import format_number, format_time, french_formatter, wrap_label


def plot_top_terms(terms: pd.DataFrame, *, n: int = 20, themes: pd.DataFrame | None = None,
                   method: str | None = None, colors: Mapping[tuple[str, str], str] | None = None,
                   ax: Axes | None = None, source: str | None = None) -> Axes:
    """Horizontal bars of the ``n`` most frequent active terms; with ``themes``, each bar takes the
    colour of its theme (of ``method``) and the legend names the themes."""
    table = top_terms_table(terms, n=n)
    with report_style():
        ax = new_axes(ax, (6.3, max(2.6, 0.22 * len(table) + 1.2)))
        bar_colors = [OVER] * len(table)
        handles = [Patch(color=OVER, label=fr("chart.top_terms.bars"))]
        if themes is not None and not themes.empty:
            tt = term_theme_table(themes, method=method)
            colors = colors or theme_colors(themes)
            by_term = {r.term: ((r.method, r.theme), r.label) for r in tt.itertuples()}
            bar_colors = [colors.get(by_term[t][0], NEUTRAL) if t in by_term else NEUTRAL
                          for t in table["term"]]
            shown = sorted({by_term[t] for t in table["term"] if t in by_term},
                           key=lambda kv: natural_key(kv[0][1]))
            handles = [Patch(color=colors.get(k, NEUTRAL), label=wrap_label(lab, 30))
                       for k, lab in shown]
            handles.append(Patch(color=NEUTRAL, label=fr("chart.no_theme")))
        y = np.arange(len(table))[::-1]
        ax.barh(y, table["frequency"], color=bar_colors, height=0.72)
        ax.set_yticks(y, table["term"])
        for yi, f in zip(y, table["frequency"]):
            ax.text(f, yi, f" {format_number(f, decimals=0)}", va="center", fontsize=8)
        ax.set_xlabel(fr("chart.top_terms.xlabel"))
        ax.set_ylabel(fr("chart.term"))
        ax.xaxis.set_major_formatter(french_formatter(decimals=0))
        ax.set_xlim(0, float(table["frequency"].max() or 1) * 1.12)
        ax.set_title(fr("chart.top_terms.title", n=len(table)))
        title = fr("chart.top_terms.legend", method=METHOD_NAMES.get(
            str(default_method(themes, method)), method)) \
            if themes is not None and not themes.empty else None
        ax.legend(handles=handles, loc="lower right", title=title)
        add_source(ax.figure, source)
    return ax


def _french_stopwords() -> frozenset[str]:
    from ..french import stop_words  # the language data only, no model nor tokenizer loaded

    return stop_words()


def _font_path() -> str:
    from matplotlib import font_manager

    return font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"))


def wordcloud_image(frequencies: Any, *, word_colors: Mapping[str, str] | None = None,
                    max_words: int = 80, width: int = 1260, height: int = 640,
                    scale: int = 2, random_state: int = 0) -> np.ndarray:
    """RGB array (about ``height`` x ``width`` pixels) of the word cloud of ``frequencies`` (terms
    DataFrame, Series or dict), French stop words and supplementary forms (a DataFrame's
    ``form`` other than ``active``) removed, words coloured from ``word_colors`` (else grey).
    The words are placed on a grid ``scale`` times coarser than the image (wordcloud's own
    ``scale``: 2 places them in about a third of the time, in a slightly looser fit) and
    drawn at full size. Raises ``InvalidArgumentError`` when no word is left to draw."""
    from wordcloud import WordCloud

    check_int("scale", scale, minimum=1)
    stop = _french_stopwords()
    freqs = {t: f for t, f in cloud_frequencies(frequencies).items() if t.lower() not in stop}
    if not freqs:
        raise InvalidArgumentError("`frequencies` has no term left to draw once French stop "
                                   "words are removed; give at least one content term")
    word_colors = dict(word_colors or {})
    cloud = WordCloud(width=max(1, round(width / scale)), height=max(1, round(height / scale)),
                      scale=scale, background_color="white", max_words=max_words,
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
        sel = themes[themes["method"].astype(str) == str(default_method(themes, method))]
        for r in sorted(sel.itertuples(index=False), key=lambda r: natural_key(r.theme)):
            handles.append(Patch(color=colors.get((str(r.method), str(r.theme)), NEUTRAL),
                                 label=wrap_label(getattr(r, "label", r.theme), width)))
    handles.append(Patch(color=NEUTRAL, label=fr("chart.no_theme")))
    return handles


def plot_wordcloud(frequencies: Any, *, themes: pd.DataFrame | None = None,
                   method: str | None = None,
                   colors: Mapping[tuple[str, str], str] | None = None, random_state: int = 0,
                   max_words: int = 80, title: str | None = None,
                   legend: bool = True, ax: Axes | None = None,
                   source: str | None = None) -> Axes:
    """Word cloud of ``frequencies`` (a terms DataFrame, a Series or a dict term -> count);
    with ``themes``, a word takes the colour of the theme (of ``method``) whose top terms
    contain it, else grey, and the legend names the themes; without, every word takes the
    colour of the top-terms bars. Fixed ``random_state``."""
    word_colors = term_colors(themes, method=method, colors=colors) \
        if themes is not None and not themes.empty else \
        {term: OVER for term in cloud_frequencies(frequencies)}
    image = wordcloud_image(frequencies, word_colors=word_colors, max_words=max_words,
                            random_state=random_state)
    with report_style():
        ax = new_axes(ax, (6.3, 3.9))
        ax.imshow(image, interpolation="bilinear")
        ax.set_axis_off()
        ax.set_title(title or fr("chart.wordcloud.title"))
        if legend:
            handles = _theme_handles(themes, method, colors, width=26)
            ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0),
                      title=fr("chart.colour_is_theme"), fontsize=8)
        add_source(ax.figure, source)
    return ax


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
                ax.text(0.5, 0.5, fr("chart.wordclouds.empty"), ha="center", va="center",
                        color="#555555",
                        transform=ax.transAxes)
        for ax in list(axes.flat)[n:]:
            ax.set_visible(False)
        fig.suptitle(fr("chart.wordclouds.title"), x=0.02, ha="left",
                     fontweight="bold", fontsize=10)
        handles = _theme_handles(themes, method, colors, width=24)
        figure_legend(fig, handles, ncols=min(3, len(handles)), title=fr("chart.colour_is_theme"))
        add_source(fig, source)
    return fig
