"""The report of an event: every figure saved (PNG + SVG), ``report.md``, a self-contained
``report.html`` and an editable ``report.docx`` in French, from an
:class:`insights.pipeline.Analysis`.

One module per concern:

- :mod:`.text`: the catalogue's sentences placed (:func:`say`), French typography, Markdown
  that shows data verbatim, dates, plurals, figure blocks, quotes;
- :mod:`.reasons`: skipped files, reading warnings and stop reasons, in French;
- :mod:`.figures`: the figures (:func:`report_figures`, :func:`draw_figure`);
- :mod:`.sections`: the text, section by section (:func:`report_markdown`);
- :mod:`.method_note`: the method note, shared with the programme report;
- :mod:`.html`: the self-contained HTML page (:func:`markdown_to_html`);
- :mod:`.write`: all of it into a folder (:func:`write_report`).

The programme report (:mod:`insights.report_programme`) and the Word file
(:mod:`insights.report_docx`) are built from the same pieces.
"""
from __future__ import annotations

from ..render import save_figure
from .figures import ReportFigure, draw_figure, report_figures, specificity_figures
from .html import markdown_to_html
from .sections import report_markdown
from .text import FIGURES_DIR, long_date, md_code, md_escape, plural, typo
from .write import write_report

__all__ = [
    "FIGURES_DIR", "ReportFigure", "draw_figure", "long_date", "markdown_to_html", "md_code",
    "md_escape", "plural", "report_figures", "report_markdown", "save_figure",
    "specificity_figures", "typo", "write_report",
]


def __getattr__(name: str):
    # the old public mappings, now the catalogue's (insights.messages_fr)
    if name == "KIND_NAMES":
        from .sections import kind_name

        return {k: kind_name(k) for k in ("notes", "postit", "livrable", "transcription",
                                          "questionnaire")}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
