"""The text of an event's report, section by section, in French Markdown
(:func:`report_markdown`): the workshop and its programme, the corpus, the themes of each
method with their quotes, the specificities, the similarity graph, the Reinert classification
and the method note. Every sentence comes from the catalogue (:func:`~.text.say`)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from .. import charts
from ..charts import NBSP, format_percent, format_time
from ..sessions import natural_key
from .figures import ReportFigure, report_methods, session_titles
from .method_note import method_note_md
from .reasons import skip_reason, stop_reason, warning_message
from .text import (
    count,
    figure_md,
    long_date,
    md_code,
    md_escape,
    md_table,
    overused_cell,
    quote_md,
    say,
    say_or,
    speaker_md,
    tidy,
    when_md,
    whole,
)


def kind_name(kind: Any) -> str:
    """The French name of a kind of source (``postit`` -> ``post-it``)."""
    return say_or(f"report.kind.{kind}", str(kind))


def method_title(method: str) -> str:
    """The French title of a theme method's section."""
    return say_or(f"report.method_title.{method}", md_escape(method))


def method_intro(method: str) -> str:
    """The French sentence that introduces a theme method (``""`` for an unknown one)."""
    return say_or(f"report.method_intro.{method}", "")


def programme_md(analysis: Any) -> str:
    """The workshop's facts (date, place, programme, organisers) and its sessions table."""
    meta = analysis.event.meta
    facts = [("date", long_date(meta.get("date", ""))), ("place", meta.get("place")),
             ("programme", meta.get("programme"))]
    organisers = meta.get("organisers")
    if organisers:
        facts.append(("organisers", ", ".join(map(str, organisers))
                      if isinstance(organisers, (list, tuple)) else organisers))
    lines = [f"- **{say(f'report.fact.{key}')}{NBSP}:** {md_escape(value)}"
             for key, value in facts if value]
    return "\n".join([*lines, "", sessions_table(analysis.sessions, analysis.segments)])


def sessions_table(sessions: pd.DataFrame, segments: pd.DataFrame) -> str:
    """One row per session, in programme order: its time, title, id and segments."""
    counts = segments["session"].value_counts()
    header = [say(f"report.col.{c}") for c in ("time", "session", "id", "segments")]
    return md_table(header, [
        (format_time(r.start), md_escape(r.title), md_code(r.session),
         whole(int(counts.get(r.session, 0)))) for r in sessions.itertuples(index=False)])


def _count_table(series: pd.Series, header: str, names: Any = None) -> str:
    total = int(series.sum())
    rows = [(md_escape((names or str)(k) if str(k) else say("report.not_given")),
             whole(int(v)), format_percent(v / total if total else 0))
            for k, v in series.items()]
    return md_table([header, say("report.col.segments"), say("report.col.share")], rows)


def _empty_last(counts: pd.Series) -> pd.Series:
    order = [k for k in counts.index if str(k) != ""] + [k for k in counts.index if str(k) == ""]
    return counts.reindex(order)


def corpus_md(analysis: Any) -> str:
    """The corpus in numbers: segments, files, skipped files and warnings, terms; segments by
    kind and by profile; the skipped files and the reading warnings, in French."""
    seg, rep = analysis.segments, analysis.event.report or {}
    read, skipped = rep.get("read", rep.get("files", [])), rep.get("skipped", [])
    warnings = rep.get("warnings", [])
    n_terms = len(analysis.terms)
    lines = [say("report.corpus", segments=whole(len(seg)), files=count(len(read), "file"),
                 skipped=count(len(skipped), "skipped_file"),
                 warnings=count(len(warnings), "warning"), terms=whole(n_terms),
                 occurrences=whole(int(analysis.terms["frequency"].sum()) if n_terms else 0)),
             "", f"### {say('report.h.by_kind')}", "",
             _count_table(seg["kind"].value_counts().sort_index(), say("report.col.type"),
                          kind_name), ""]
    if "profile" in seg.columns:
        lines += [f"### {say('report.h.by_profile')}", "",
                  _count_table(_empty_last(seg["profile"].value_counts().sort_index()),
                               say("report.col.profile")), ""]
    if "session" in seg.columns and len(seg):
        speakers = seg.loc[seg["speaker"] != "", "speaker"].nunique() if "speaker" in seg else 0
        lines += [say("report.pseudonyms", n=whole(speakers)), ""]
    if skipped:
        lines += [f"### {say('report.h.skipped')}", "", md_table(
            [say("report.col.file"), say("report.col.reason")],
            [(md_code(s.get("path", s.get("source", ""))), md_escape(skip_reason(s)))
             for s in skipped]), ""]
    if warnings:
        rows = [(md_code(w.get("path", "")) if isinstance(w, Mapping) else "",
                 md_escape(warning_message(w))) for w in warnings]
        lines += [f"### {say('report.h.read_warnings')}", "",
                  md_table([say("report.col.file"), say("report.col.message")], rows), ""]
    return "\n".join(lines)


def sorted_themes(themes: pd.DataFrame, method: str) -> pd.DataFrame:
    """The themes of ``method``, largest share first (ties in natural order of their id)."""
    mine = themes[themes["method"].astype(str) == method].copy()
    mine["_k"] = mine["theme"].astype(str).map(natural_key)
    return mine.sort_values(["share", "_k"], ascending=[False, True], kind="mergesort")


def recurrence_text(row: Any) -> str:
    """A theme's recurrence as a reader reads it: its French label column when the table has
    one (``recurrence_label``), else its ``recurrence``."""
    label = getattr(row, "recurrence_label", None)
    value = label if label is not None else getattr(row, "recurrence", "")
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _theme_md(r: Any, quotes: pd.DataFrame, titles: Mapping[str, str],
              starts: Mapping[str, str]) -> list[str]:
    terms = [t for t in str(r.top_terms).split(";") if t]
    lines = [f"#### {md_escape(r.label)}", "",
             f"- **{say('report.key_terms')}** {md_escape(', '.join(terms[:10]))}",
             f"- **{say('report.theme_share_label')}** " + say(
                 "report.theme_share", share=format_percent(r.share),
                 segments=count(int(r.segments), "segment"),
                 sessions=count(int(r.sessions), "session"))]
    recurrence = recurrence_text(r)
    if recurrence:
        lines.append(f"- **{say('report.recurrence')}** {md_escape(recurrence)}")
    lines.append("")
    mine = quotes[quotes["theme"].astype(str) == str(r.theme)].sort_values("rank") \
        if len(quotes) else quotes
    for q in mine.itertuples(index=False):
        where = md_escape(titles.get(str(q.session), q.session))
        lines += [quote_md(q.text, f"*{where}*{when_md(starts.get(str(q.session), ''))}, "
                                   f"{speaker_md(q.speaker)}"), ""]
    return lines


def themes_md(analysis: Any, method: str, figures: Mapping[str, ReportFigure],
              number: list[int], *, intro: bool = True) -> str:
    """The themes of ``method``: its intro sentence (unless ``intro`` is false), the table of
    its themes, its figures, then each theme with its key terms, share and quotes."""
    themes = sorted_themes(analysis.themes, method)
    titles = session_titles(analysis)
    starts = dict(zip(analysis.sessions["session"].astype(str), analysis.sessions["start"]))
    quotes = analysis.quotes[analysis.quotes["method"].astype(str) == method] \
        if len(analysis.quotes) else analysis.quotes
    lines = [method_intro(method), ""] if intro else []
    header = [say(f"report.col.{c}") for c in
              ("theme", "theme_share", "segments", "sessions", "recurrence")]
    lines += [md_table(header, [
        (md_escape(r.label), format_percent(r.share), whole(int(r.segments)),
         whole(int(r.sessions)), md_escape(recurrence_text(r)))
        for r in themes.itertuples(index=False)]), ""]
    for name in (f"themes-heatmap-{method}", f"timeline-{method}",
                 f"themes-by-profile-{method}"):
        lines += [figure_md(figures, name, number), ""]
    for r in themes.itertuples(index=False):
        lines += _theme_md(r, quotes, titles, starts)
    return "\n".join(lines)


def _codebook_extra(analysis: Any, figures: Mapping[str, ReportFigure],
                    number: list[int]) -> list[str]:
    lines = []
    block = figure_md(figures, "codebook-coverage", number)
    if block:
        lines += [f"#### {say('report.h.coverage')}", "", block, ""]
    cooc = analysis.codebook_cooccurrence
    if cooc is not None and len(cooc):
        lines += [f"#### {say('report.h.cooccurrence')}", "", say("report.cooccurrence"), "",
                  md_table([""] + [md_escape(c) for c in cooc.columns],
                           [[f"**{md_escape(i)}**"] + [whole(v) for v in row]
                            for i, row in zip(cooc.index, cooc.to_numpy())]), ""]
    return lines


def specificities_md(analysis: Any, variable: str, *, n: int = 8) -> str:
    """The ``n`` most over-used terms of each session (``variable="session"``, in programme
    order) or profile, with their specificity scores."""
    specs = analysis.specificities
    part = specs[specs["variable"].astype(str) == variable]
    if variable == "session":
        titles = session_titles(analysis)
        values = [v for v in titles if v in set(part["value"].astype(str))]
        label = {v: titles[v] for v in values}
    else:
        values = list(dict.fromkeys(part["value"].astype(str)))
        label = {v: charts.PROFILE_NAMES.get(v, v) for v in values}
    rows = [(md_escape(label[v]), overused_cell(part, v, n=n, banality=charts.BANALITY))
            for v in values]
    head = say("report.col.session" if variable == "session" else "report.col.profile")
    return md_table([head, say("report.col.overused")], rows)


def reinert_md(analysis: Any, figures: Mapping[str, ReportFigure], number: list[int]) -> str:
    """The Reinert classification: what the tree shows, its classes, figures and why it
    stopped, then its classes as themes (the method's intro sentence said once)."""
    cls = analysis.reinert
    lines = [f"{method_intro('reinert')} {say('report.reinert_tree')}", ""]
    sizes = getattr(cls, "class_sizes", None)
    if sizes is not None and len(sizes):
        sizes = pd.Series(sizes)
        kept = sizes[[i for i in sizes.index if pd.notna(i) and int(i) > 0]]
        lines += [say("report.reinert_classes", classes=count(len(kept), "class"),
                      segments=count(int(kept.sum()), "segment")), ""]
    for name in ("reinert-dendrogram", "reinert-profiles"):
        lines += [figure_md(figures, name, number), ""]
    reason = stop_reason(cls)
    if reason:
        lines += [f"*{say('report.reinert_stop')}* {md_escape(reason)}", ""]
    lines.append(themes_md(analysis, "reinert", figures, number, intro=False))
    return "\n".join(lines)


def _themes_section(analysis: Any, figs: Mapping[str, ReportFigure],
                    number: list[int]) -> list[str]:
    out = [f"## {say('report.h.themes')}", "", say("report.themes_intro"), ""]
    methods = [m for m in report_methods(analysis) if m != "reinert"]
    for section, method in enumerate(methods, start=1):
        out += [f"### 3.{section} {method_title(method)}", "",
                themes_md(analysis, method, figs, number), ""]
        if method == "codebook":
            out += _codebook_extra(analysis, figs, number)
    return out


def _specificities_section(analysis: Any, figs: Mapping[str, ReportFigure],
                           number: list[int]) -> list[str]:
    out = [f"## {say('report.h.specificities')}", "", say("report.specificities_intro"), ""]
    specs = analysis.specificities
    variables = set(specs["variable"].astype(str)) if len(specs) else set()
    for variable in ("session", "profile"):
        if variable in variables:
            out += [f"### {say(f'report.h.spec_{variable}')}", "",
                    specificities_md(analysis, variable), "",
                    figure_md(figs, f"specificities-{variable}", number), ""]
    return out


def report_markdown(analysis: Any, figures: Sequence[ReportFigure]) -> str:
    """The report in French Markdown; figures are referenced as ``figures/<name>.png``."""
    figs, number = {f.name: f for f in figures}, [0]
    meta = analysis.event.meta
    out = [f"# {md_escape(meta.get('title') or analysis.event.id)}", "",
           f"*{say('report.subtitle', date=long_date(meta.get('date', '')))}*", "",
           f"## {say('report.h.programme')}", "", programme_md(analysis), "",
           f"## {say('report.h.corpus')}", "", corpus_md(analysis), ""]
    out += [figure_md(figs, name, number) + "\n"
            for name in ("top-terms", "wordcloud", "wordclouds-by-session")]
    out += _themes_section(analysis, figs, number)
    out += _specificities_section(analysis, figs, number)
    if "similarity-graph" in figs:
        out += [f"## {say('report.h.similarity')}", "",
                say("report.similarity", n=whole(analysis.similarity.number_of_nodes())), "",
                figure_md(figs, "similarity-graph", number), ""]
    if analysis.reinert is not None:
        out += [f"## {say('report.h.reinert')}", "", reinert_md(analysis, figs, number), ""]
    elif any("Reinert" in str(n) for n in analysis.notes):
        out += [f"## {say('report.h.reinert')}", "", say("report.reinert_none"), ""]
    out += [f"## {say('report.h.method')}", "", method_note_md(analysis)]
    return tidy(out)


__all__ = ["corpus_md", "kind_name", "method_intro", "method_title", "programme_md",
           "recurrence_text", "reinert_md", "report_markdown", "sessions_table",
           "sorted_themes", "specificities_md", "themes_md"]
