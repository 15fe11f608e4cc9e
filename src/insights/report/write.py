"""Writing a report into a folder: its figures (PNG + SVG), its Markdown, a self-contained
HTML page and an editable Word file (:func:`write_report` for an event,
:func:`write_report_files` for any report, the programme's too)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..render import Ahead, render_figures
from ..report_docx import write_docx
from ..timings import Timings, timed
from .figures import ReportFigure, report_figures
from .html import markdown_to_html
from .sections import report_markdown
from .text import FIGURES_DIR


def write_report_files(folder: str | Path, figures: Sequence[ReportFigure],
                       markdown_text: Callable[[], str], *, stem: str, title: str,
                       timings: Timings | None = None, ahead: Ahead | None = None
                       ) -> list[Path]:
    """Draw and save ``figures`` under ``folder/figures``, then write ``<stem>.md`` (the text
    ``markdown_text()`` returns), ``<stem>.html`` and ``<stem>.docx``. Returns the paths
    written, figures first, in the order of ``figures``. ``ahead``: those of ``figures``
    a side process is drawing into the same folder (:func:`insights.render.render_ahead`):
    the others are drawn meanwhile, and any it failed to draw after. ``timings`` gets the
    figures, markdown, html and docx stages."""
    folder = Path(folder)
    skip = set(ahead.names) if ahead is not None else set()
    with timed(timings, "figures"):
        paths = render_figures([f for f in figures if f.name not in skip],
                               folder / FIGURES_DIR, timings=timings)
        done = ahead.files(timings) if ahead is not None else {}
        late = [f for f in figures if f.name in skip and f.name not in done]
        paths += render_figures(late, folder / FIGURES_DIR, timings=timings)
    written = [p for f in figures
               for p in (done.get(f.name) or [q for q in paths if q.stem == f.name])]
    with timed(timings, "markdown"):
        text = markdown_text()
        md_path = folder / f"{stem}.md"
        md_path.write_text(text, encoding="utf-8")
    html_path = folder / f"{stem}.html"
    with timed(timings, "html"):
        html_path.write_text(markdown_to_html(text, folder, title=title,
                                              figures=[f.name for f in figures]),
                             encoding="utf-8")
    with timed(timings, "docx"):
        docx_path = write_docx(text, folder, folder / f"{stem}.docx", title=title)
    return [*written, md_path, html_path, docx_path]


def write_report(analysis: Any, folder: str | Path, *, random_state: int = 0,
                 timings: Timings | None = None, ahead: Ahead | None = None) -> list[Path]:
    """Draw every figure of ``analysis`` (an ``insights.pipeline.Analysis``) and write, under
    ``folder``: ``figures/<name>.png`` (200 dpi) and ``.svg`` for each, ``report.md``, a
    self-contained ``report.html`` and its Word version ``report.docx``
    (``insights.report_docx``), all in French. Returns the paths written. Figures are closed
    once saved; running twice writes the same files. ``timings``: a
    :class:`insights.Timings` to fill (figures, markdown, html, docx); ``ahead``: figures a
    side process is drawing under ``folder/figures`` (see :func:`write_report_files`)."""
    figures = report_figures(analysis, random_state=random_state)
    title = str(analysis.event.meta.get("title") or analysis.event.id)
    return write_report_files(folder, figures, lambda: report_markdown(analysis, figures),
                              stem="report", title=title, timings=timings, ahead=ahead)


__all__ = ["write_report", "write_report_files"]
