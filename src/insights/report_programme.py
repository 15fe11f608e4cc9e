"""The programme report: several events compared, in French, from a
:class:`~insights.programme_analysis.ProgrammeAnalysis`.

``programme_figures`` lists the figures (stable names, French captions, a function drawing
each), ``programme_markdown`` writes the text, ``write_programme_report`` saves the figures,
``programme.md``, a self-contained ``programme.html`` and an editable ``programme.docx``.
The style, colours, number formats, sentences (:mod:`insights.messages_fr`), method note and
HTML/Word conversions are the day report's (:mod:`insights.report`, :mod:`insights.charts`,
:mod:`insights.report_docx`).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from . import charts, programme_charts
from .charts import NNBSP, format_number, format_percent
from .programme import local_speaker
from .report.figures import ReportFigure, as_figure, figure_named, report_methods
from .report.method_note import method_note_md
from .report.sections import method_intro, method_title, recurrence_text, sessions_table, \
    sorted_themes
from .report.text import count, figure_md, long_date, md_code, md_escape, md_table, \
    overused_cell, quote_md, say, speaker_md, tidy, when_md, whole
from .report.write import write_report_files
from .timings import Timings


# --------------------------------------------------------------------------- figures
def _source(analysis: Any) -> str:
    return programme_charts.programme_source_line(analysis.events, analysis.programme.title)


def programme_figures(analysis: Any) -> list[ReportFigure]:
    """The figures of the programme report, in reading order, with stable names:
    ``events-overview``, ``top-terms``, ``theme-spread-<method>``, ``themes-by-event-<method>``,
    ``specificities-event`` (those whose data exist)."""
    src = _source(analysis)
    themes, events, labels = analysis.themes, analysis.events, analysis.programme.labels
    colors = charts.theme_colors(themes) if len(themes) else {}
    methods = report_methods(analysis)
    figs = [
        ReportFigure("events-overview", say("report.programme.fig.events-overview"),
                     lambda: as_figure(programme_charts.plot_events_overview(
                         analysis.segments, events, labels=labels, source=src))),
        ReportFigure("top-terms", say("report.programme.fig.top-terms"),
                     lambda: as_figure(charts.plot_top_terms(
                         analysis.terms, n=20, themes=themes if methods else None,
                         colors=colors, source=src))),
    ]
    for method in methods:
        figs += _method_figures(analysis, method, colors, src)
    specs = analysis.specificities
    if len(specs) and "event" in set(specs["variable"].astype(str)):
        figs.append(ReportFigure(
            "specificities-event", say("report.programme.fig.specificities-event"),
            lambda: charts.plot_specificities_grid(
                specs, variable="event", values=list(events["event"].astype(str)),
                labels=labels, n=6, ncols=2 if len(events) > 1 else 1, source=src)))
    return figs


def _method_figures(analysis: Any, method: str, colors: Mapping, src: str
                    ) -> list[ReportFigure]:
    themes, events, labels = analysis.themes, analysis.events, analysis.programme.labels
    by_event = analysis.theme_by_event
    name = charts.METHOD_NAMES.get(method, method)
    figs = []
    if len(events) > 1:
        figs.append(ReportFigure(
            f"theme-spread-{method}", say("report.programme.fig.theme-spread", method=name),
            lambda: as_figure(programme_charts.plot_theme_spread(
                by_event, events, themes, method=method, labels=labels, source=src))))
    figs.append(ReportFigure(
        f"themes-by-event-{method}", say("report.programme.fig.themes-by-event", method=name),
        lambda: as_figure(programme_charts.plot_event_heatmap(
            by_event, events, themes, method=method, labels=labels, colors=colors,
            source=src))))
    return figs


def draw_programme_figure(analysis: Any, name: str) -> Figure:
    """Draw the programme report's figure ``name`` (see :func:`programme_figures`) and return
    it, e.g. in a notebook. Raises ``InvalidArgumentError`` for a name the report lacks."""
    return figure_named(programme_figures(analysis), name)


# --------------------------------------------------------------------------- markdown
def _events_table(analysis: Any) -> str:
    prog = analysis.programme
    rows = []
    for r, event in zip(analysis.events.itertuples(index=False), prog.events):
        participants = say("report.not_given") if pd.isna(r.participants) else \
            whole(int(r.participants))
        rows.append((long_date(r.date), md_escape(prog.labels[r.event]), md_escape(r.title),
                     md_escape(r.place), whole(len(event.sessions)), whole(r.segments),
                     whole(r.words), participants))
    return md_table([say(f"report.col.{c}") for c in (
        "date", "event", "title", "place", "sessions", "segments", "words", "participants")],
        rows)


def _events_md(analysis: Any) -> str:
    prog = analysis.programme
    totals = prog.combined.report.get("totals", {})
    lines = [_events_table(analysis), "", say(
        "report.programme.totals", segments=whole(len(analysis.segments)),
        files=count(int(totals.get("files_read", 0)), "file"),
        skipped=count(int(totals.get("files_skipped", 0)), "skipped_file")), ""]
    shared = list(prog.shared_pseudonyms()["pseudonym"])
    text = say("report.programme.pseudonyms")
    if shared:
        shown = ", ".join(f"«{NNBSP}{md_escape(s)}{NNBSP}»" for s in shared[:4])
        text += say("report.programme.shared_many" if len(shared) > 1 else
                    "report.programme.shared_one", n=count(len(shared), "pseudonym"),
                    shown=shown + (" …" if len(shared) > 4 else ""))
    lines += [text, ""]
    for event in prog.events:
        lines += [f"### {say('report.programme.h.day', event=md_escape(prog.labels[event.id]))}",
                  "", sessions_table(event.sessions, event.segments), ""]
    return "\n".join(lines)


def _rule_md(analysis: Any) -> str:
    settings = analysis.settings or {}
    return say("report.programme.rule",
               shared=format_number(settings.get("programme.shared_ratio", 3.0), decimals=None),
               particular=format_number(settings.get("programme.particular_ratio", 10.0),
                                        decimals=None))


def _scope_lines(themes: pd.DataFrame, events: list[str], labels: Mapping[str, str]
                 ) -> list[str]:
    """Which themes are common to all events, particular to one, mostly in one, or shared by
    some (the ``scope`` column), as a list."""
    def names(rows: pd.DataFrame) -> str:
        return ", ".join(md_escape(n) for n in rows["label"].astype(str))

    lines = []
    shared = themes[themes["scope"] == "shared"]
    if len(shared):
        lines.append(f"- **{say('report.programme.scope.shared')}** {names(shared)}")
    for scope in ("particular", "dominant"):
        for e in events:
            mine = themes[(themes["scope"] == scope) & (themes["peak_event"] == e)]
            if len(mine):
                head = say(f"report.programme.scope.{scope}", event=md_escape(labels[e]))
                lines.append(f"- **{head}** {names(mine)}")
    partial = themes[themes["scope"] == "partial"]
    if len(partial):
        lines.append(f"- **{say('report.programme.scope.partial')}** {names(partial)}")
    return lines


def _scope_md(analysis: Any, figures: Mapping[str, ReportFigure], number: list[int]) -> str:
    events = analysis.events["event"].astype(str).tolist()
    labels = analysis.programme.labels
    if len(events) == 1:
        return say("report.programme.single")
    lines = [_rule_md(analysis), ""]
    by_event = analysis.theme_by_event
    for method in report_methods(analysis):
        themes = analysis.themes[analysis.themes["method"].astype(str) == method]
        shares = by_event[by_event["method"].astype(str) == method].set_index("theme")
        rows = [(md_escape(t.label), format_percent(t.share),
                 *(format_percent(shares.at[t.theme, e]) for e in events),
                 md_escape(recurrence_text(t))) for t in themes.itertuples(index=False)]
        header = [say("report.col.theme"), say("report.col.programme"),
                  *(md_escape(labels[e]) for e in events), say("report.col.reading")]
        lines += [f"### {method_title(method)}", "", md_table(header, rows), "",
                  *_scope_lines(themes, events, labels), "",
                  figure_md(figures, f"theme-spread-{method}", number), ""]
    return "\n".join(lines)


def _specificities_md(analysis: Any, *, n: int = 8) -> str:
    specs = analysis.specificities
    part = specs[specs["variable"].astype(str) == "event"] if len(specs) else specs
    if part.empty:
        return say("report.programme.no_other")
    rows = [(md_escape(analysis.programme.labels[e]),
             overused_cell(part, e, n=n, banality=charts.BANALITY))
            for e in analysis.events["event"].astype(str)]
    return md_table([say("report.col.event"), say("report.col.overused")], rows)


def _quote_md(row: Any, titles: Mapping[tuple[str, str], tuple[str, str]],
              labels: Mapping[str, str]) -> str:
    speaker = local_speaker(str(row.speaker or ""), str(row.event))
    title, start = titles.get((str(row.event), str(row.session)), (row.session, ""))
    return quote_md(row.text, f"**{md_escape(labels.get(str(row.event), row.event))}**, "
                              f"*{md_escape(title)}*{when_md(start)}, {speaker_md(speaker)}")


def _theme_quotes_md(analysis: Any, method: str, t: Any, titles: Mapping) -> list[str]:
    prog = analysis.programme
    shares = analysis.theme_by_event.set_index(["method", "theme"])
    terms = [x for x in str(t.top_terms).split(";") if x]
    parts = " · ".join(f"{md_escape(prog.labels[e])} "
                       f"{format_percent(shares.at[(method, t.theme), e])}"
                       for e in analysis.events["event"].astype(str))
    lines = [f"#### {md_escape(t.label)}", "",
             f"- **{say('report.key_terms')}** {md_escape(', '.join(terms[:10]))}",
             f"- **{say('report.programme.event_shares')}** {parts}",
             f"- **{say('report.programme.reading')}** {md_escape(recurrence_text(t))}", ""]
    quotes = analysis.quotes
    mine = quotes[(quotes["method"].astype(str) == method)
                  & (quotes["theme"].astype(str) == str(t.theme))].sort_values("rank")
    for q in mine.itertuples(index=False):
        lines += [_quote_md(q, titles, prog.labels), ""]
    return lines


def _quotes_md(analysis: Any) -> str:
    titles = {(str(s.event), str(s.session)): (str(s.title), str(s.start))
              for s in analysis.programme.sessions.itertuples(index=False)}
    lines = [say("report.programme.quotes"), ""]
    for section, method in enumerate(report_methods(analysis), start=1):
        lines += [f"### 5.{section} {method_title(method)}", "", method_intro(method), ""]
        for t in sorted_themes(analysis.themes, method).itertuples(index=False):
            lines += _theme_quotes_md(analysis, method, t, titles)
    return "\n".join(lines)


def _method_note_md(analysis: Any) -> str:
    source = analysis.programme.codebook_source
    book = (say(f"report.programme.book.{source}") if source in ("events", "argument") else
            say("report.programme.book.file", name=md_code(Path(source).name)))
    return method_note_md(analysis, intro=[say("report.programme.method", book=book),
                                           _rule_md(analysis)])


def programme_markdown(analysis: Any, figures: Sequence[ReportFigure]) -> str:
    """The programme report in French Markdown; figures are referenced as
    ``figures/<name>.png``."""
    figs, number = {f.name: f for f in figures}, [0]
    events = analysis.events
    n = len(events)
    first, last = long_date(events["date"].iloc[0]), long_date(events["date"].iloc[-1])
    span = say("report.programme.span", first=first, last=last) if first != last else \
        say("report.programme.day", first=first)
    what = say("report.programme.n_events", n=n) if n > 1 else \
        say("report.programme.one_event")
    out = [f"# {md_escape(analysis.programme.title)}", "",
           f"*{say('report.programme.subtitle', what=what, span=span)}*", "",
           f"## {say('report.programme.h.events')}", "", _events_md(analysis), "",
           figure_md(figs, "events-overview", number), "",
           f"## {say('report.programme.h.scope')}", "", _scope_md(analysis, figs, number), "",
           f"## {say('report.programme.h.by_event')}", "", say("report.programme.by_event"),
           "", figure_md(figs, "top-terms", number), ""]
    out += [figure_md(figs, f"themes-by-event-{m}", number) + "\n"
            for m in report_methods(analysis)]
    out += [f"## {say('report.programme.h.distinct')}", "", say("report.programme.distinct"),
            "", _specificities_md(analysis), "",
            figure_md(figs, "specificities-event", number), "",
            f"## {say('report.programme.h.quotes')}", "", _quotes_md(analysis), ""]
    if not report_methods(analysis):
        out += [say("report.programme.no_method"), ""]
    out += [f"## {say('report.programme.h.method')}", "", _method_note_md(analysis)]
    return tidy(out)


def write_programme_report(analysis: Any, folder: str | Path, *,
                           timings: Timings | None = None) -> list[Path]:
    """Draw every figure of ``analysis`` (a ``ProgrammeAnalysis``) and write, under
    ``folder``: ``figures/<name>.png`` (200 dpi) and ``.svg``, ``programme.md``, a
    self-contained ``programme.html`` and its Word version ``programme.docx``. Returns the
    paths written; running twice writes the same files. ``timings``: a
    :class:`insights.Timings` to fill (figures, markdown, html, docx)."""
    figures = programme_figures(analysis)
    return write_report_files(folder, figures, lambda: programme_markdown(analysis, figures),
                              stem="programme", title=analysis.programme.title,
                              timings=timings)


__all__ = ["draw_programme_figure", "programme_figures", "programme_markdown",
           "write_programme_report"]
