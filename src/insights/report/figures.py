"""The figures of an event's report: each one's stable name, French caption (from the
catalogue) and the function that draws it (:func:`report_figures`), one of them drawn on
demand (:func:`draw_figure`). Saving them is :func:`insights.render.render_figures`' job."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from .. import charts
from ..charts import format_time
from ..errors import check_choice
from .text import say


@dataclass(frozen=True)
class ReportFigure:
    """One figure of the report: file stem, French caption, drawing function."""

    name: str
    caption: str
    draw: Callable[[], Figure]


def as_figure(result: Any) -> Figure:
    """The figure of a plotting function's result (a ``Figure`` or an ``Axes``)."""
    return result if isinstance(result, Figure) else result.figure


def report_methods(analysis: Any) -> list[str]:
    """The theme methods of ``analysis`` (its ``themes`` table), in the report's order."""
    present = set(analysis.themes["method"].astype(str)) if len(analysis.themes) else set()
    return sorted(present, key=charts.method_rank)


def session_titles(analysis: Any) -> dict[str, str]:
    """Session id -> title, in programme order."""
    return _titles(analysis.sessions)


def _titles(sessions: pd.DataFrame) -> dict[str, str]:
    return dict(zip(sessions["session"].astype(str), sessions["title"]))


def figure_named(figures: Sequence[ReportFigure], name: str) -> Figure:
    """Draw the figure ``name`` of ``figures``. Raises ``InvalidArgumentError`` listing the
    names there are when there is none of that name."""
    by_name = {f.name: f for f in figures}
    return by_name[check_choice("name", name, by_name)].draw()


def draw_figure(analysis: Any, name: str, *, random_state: int = 0) -> Figure:
    """Draw the report's figure ``name`` (see :func:`report_figures`) for ``analysis`` and
    return it, e.g. to look at it in a notebook. Raises ``InvalidArgumentError`` for a name the
    report does not have."""
    return figure_named(report_figures(analysis, random_state=random_state), name)


def report_figures(analysis: Any, *, random_state: int = 0) -> list[ReportFigure]:
    """The figures of the report for ``analysis``, in reading order, with stable names:
    ``top-terms``, ``wordcloud``, ``wordclouds-by-session``, ``themes-heatmap-<method>``,
    ``timeline-<method>``, ``themes-by-profile-<method>``, ``codebook-coverage``,
    ``specificities-session``, ``specificities-profile``, ``similarity-graph``,
    ``reinert-dendrogram``, ``reinert-profiles`` (those whose data exist)."""
    src = charts.source_line(analysis.event.meta, analysis.segments)
    colors = charts.theme_colors(analysis.themes) if len(analysis.themes) else {}
    figs = _term_figures(analysis, colors, src, random_state)
    for method in report_methods(analysis):
        figs += _method_figures(analysis, method, colors, src)
    figs += _specificity_figures(analysis.specificities, analysis.sessions, src)
    if analysis.similarity is not None and analysis.similarity.number_of_nodes():
        figs.append(ReportFigure(
            "similarity-graph", say("report.fig.similarity-graph"),
            lambda: as_figure(charts.plot_similarity_graph(
                analysis.similarity, random_state=random_state, source=src))))
    if analysis.reinert is not None:
        figs += _reinert_figures(analysis.reinert, colors, src)
    return figs


def _term_figures(analysis: Any, colors: Mapping, src: str, random_state: int
                  ) -> list[ReportFigure]:
    themes = analysis.themes if report_methods(analysis) else None
    return [
        ReportFigure("top-terms", say("report.fig.top-terms"), lambda: as_figure(
            charts.plot_top_terms(analysis.terms, n=20, themes=themes, colors=colors,
                                  source=src))),
        ReportFigure("wordcloud", say("report.fig.wordcloud"), lambda: as_figure(
            charts.plot_wordcloud(analysis.terms, themes=themes, colors=colors,
                                  random_state=random_state, source=src))),
        ReportFigure("wordclouds-by-session", say("report.fig.wordclouds-by-session"),
                     lambda: charts.plot_wordclouds_by_session(
                         analysis.tokens, analysis.segments, analysis.sessions, themes=themes,
                         colors=colors, random_state=random_state, source=src)),
    ]


def _method_figures(analysis: Any, method: str, colors: Mapping, src: str
                    ) -> list[ReportFigure]:
    themes, by_session = analysis.themes, analysis.theme_by_session
    name = charts.METHOD_NAMES.get(method, method)
    figs = [
        ReportFigure(f"themes-heatmap-{method}", say("report.fig.themes-heatmap", method=name),
                     lambda: as_figure(charts.plot_theme_heatmap(
                         by_session, analysis.sessions, themes, method=method, colors=colors,
                         source=src))),
        ReportFigure(f"timeline-{method}", say("report.fig.timeline", method=name),
                     lambda: as_figure(charts.plot_timeline(
                         by_session, analysis.sessions, themes, method=method,
                         day=analysis.event.meta.get("date"), colors=colors, source=src))),
    ]
    by_profile = analysis.theme_by_profile
    if by_profile is not None and len(by_profile) \
            and method in set(by_profile["method"].astype(str)):
        figs.append(ReportFigure(
            f"themes-by-profile-{method}", say("report.fig.themes-by-profile", method=name),
            lambda: as_figure(charts.plot_themes_by_profile(
                by_profile, themes, method=method, colors=colors, source=src))))
    if method == "codebook":
        figs.append(ReportFigure(
            "codebook-coverage", say("report.fig.codebook-coverage"),
            lambda: as_figure(charts.plot_codebook_coverage(
                by_session, analysis.sessions, themes, colors=colors, source=src))))
    return figs


def specificity_figures(event: Any, specificities: pd.DataFrame) -> list[ReportFigure]:
    """The report's specificity figures (``specificities-session``, ``specificities-profile``,
    those whose data exist) of ``event`` (an ``insights.read.Event``) and its
    ``specificities`` table: the figures that need no theme, which a report can draw while
    the themes are computed (:func:`insights.pipeline.run_report` does)."""
    src = charts.source_line(event.meta, event.segments)
    return _specificity_figures(specificities, event.sessions, src)


def _specificity_figures(specs: pd.DataFrame, sessions: pd.DataFrame, src: str
                         ) -> list[ReportFigure]:
    variables = set(specs["variable"].astype(str)) if len(specs) else set()
    figs = []
    if "session" in variables:
        titles = _titles(sessions)
        labels = {k: f"{v} ({format_time(s)})"
                  for (k, v), s in zip(titles.items(), sessions["start"])}
        figs.append(ReportFigure(
            "specificities-session", say("report.fig.specificities-session"),
            lambda: charts.plot_specificities_grid(
                specs, variable="session", values=list(titles), labels=labels, n=5,
                source=src)))
    if "profile" in variables:
        figs.append(ReportFigure(
            "specificities-profile", say("report.fig.specificities-profile"),
            lambda: charts.plot_specificities_grid(specs, variable="profile", n=5,
                                                   source=src)))
    return figs


def tree_source(classification: Any) -> tuple[Any, bool]:
    """The classification holding the tree to draw and whether it is ``classification``
    itself (a simple classification) rather than its first simple classification (a double
    classification, ``first``); ``(None, False)`` without a tree."""
    if getattr(classification, "tree", None) is not None:
        return classification, True
    first = getattr(classification, "first", None)
    if first is not None and getattr(first, "tree", None) is not None:
        return first, False
    return None, False


def _reinert_figures(cls: Any, colors: Mapping, src: str) -> list[ReportFigure]:
    figs = []
    holder, same = tree_source(cls)
    if holder is not None:
        extra = {"colors": colors} if same else {
            "colors": first_tree_colors(cls, colors), "leaf_name": say("report.fig.branch"),
            "legend": final_legend(cls, colors), "title": say("report.fig.first_tree_title")}
        caption = say("report.fig.reinert-dendrogram" if same
                      else "report.fig.reinert-dendrogram-double")
        figs.append(ReportFigure("reinert-dendrogram", caption, lambda: as_figure(
            charts.plot_dendrogram(holder.tree, holder.class_sizes, holder.profiles, n_terms=5,
                                   **extra, source=src))))
    profiles = getattr(cls, "profiles", None)
    if profiles is not None and charts.class_top_terms(profiles):
        figs.append(ReportFigure(
            "reinert-profiles", say("report.fig.reinert-profiles"),
            lambda: charts.plot_class_profiles(cls.profiles, cls.class_sizes, n_terms=8,
                                               colors=colors, source=src)))
    return figs


def first_tree_colors(classification: Any, colors: Mapping[tuple[str, str], str]
                      ) -> dict[tuple[str, str], str]:
    """Colours of the leaves of a double classification's first tree (keys
    ``("reinert", "reinert-<leaf>")`` as plot_dendrogram expects): a leaf takes the theme colour
    of the final class holding most of its text segments when that class holds at least half
    of them; other leaves are grey."""
    leaves = pd.Series(classification.first.labels).reset_index(drop=True)
    final = pd.Series(classification.labels).reset_index(drop=True)
    out: dict[tuple[str, str], str] = {}
    for leaf in sorted(int(c) for c in leaves.dropna().unique()):
        mine = final[leaves == leaf]
        counts = mine.dropna().astype(int).value_counts()
        key = ("reinert", f"reinert-{leaf}")
        out[key] = charts.NEUTRAL
        if len(counts):
            best = int(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0])
            if counts[best] >= 0.5 * len(mine):
                out[key] = colors.get(("reinert", f"reinert-{best}"), charts.NEUTRAL)
    return out


def final_legend(classification: Any, colors: Mapping[tuple[str, str], str]) -> dict[str, str]:
    """The legend of a double classification's first tree: each final class and its colour,
    then the grey of a branch without a majority final class."""
    classes = sorted(int(c) for c in pd.Series(classification.labels).dropna().unique())
    out = {say("report.fig.final_class", c=c): colors.get(("reinert", f"reinert-{c}"),
                                                          charts.NEUTRAL)
           for c in classes}
    out[say("report.fig.no_final_class")] = charts.NEUTRAL
    return out


__all__ = ["ReportFigure", "as_figure", "draw_figure", "figure_named", "final_legend",
           "first_tree_colors", "report_figures", "report_methods", "session_titles",
           "specificity_figures", "tree_source"]
